package io.twofold.loginapp.twofold;

import io.twofold.loginapp.LoginAppProperties;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Twofold's public HTTP API, as any login service calls it: JSON in and out, the caller's bearer
 * token, problems (RFC 9457) returned rather than thrown so pages can show what went wrong.
 */
@Component
public class TwofoldApi {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
  private final LoginAppProperties properties;

  public TwofoldApi(LoginAppProperties properties) {
    this.properties = properties;
  }

  /** An answer: its status, its JSON (or a problem), and its raw text for documents. */
  public record Answer(int status, JsonNode body, String text, HttpResponse<String> raw) {
    public boolean ok() {
      return status / 100 == 2;
    }

    /** The problem's slug ({@code urn:twofold:problem:<slug>}), or null. */
    public String problem() {
      String type = body == null ? null : body.path("type").asString(null);
      return type == null ? null : type.substring(type.lastIndexOf(':') + 1);
    }

    /** What the problem says, for the page. */
    public String detail() {
      return body == null ? "HTTP " + status : body.path("detail").asString("HTTP " + status);
    }

    public String header(String name) {
      return raw.headers().firstValue(name).orElse(null);
    }
  }

  public Answer policy(String method, String path, String token, Object body) {
    return call(properties.policyUrl(), method, path, token, body, Map.of());
  }

  public Answer enrollment(String method, String path, String token, Object body) {
    return call(properties.enrollmentUrl(), method, path, token, body, Map.of());
  }

  public Answer enrollment(String method, String path, String token, Object body, Map<String, String> headers) {
    return call(properties.enrollmentUrl(), method, path, token, body, headers);
  }

  public Answer challenges(String method, String path, String token, Object body) {
    return call(properties.challengeUrl(), method, path, token, body, Map.of());
  }

  private Answer call(String base, String method, String path, String token, Object body, Map<String, String> headers) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10))
        .header("Authorization", "Bearer " + token);
    headers.forEach((name, value) -> {
      if (value != null) {
        request.header(name, value);
      }
    });
    if (body == null) {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      request.header("Content-Type", "application/json")
          .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
    }
    try {
      HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      String type = response.headers().firstValue("Content-Type").orElse("");
      JsonNode json = type.contains("json") && !response.body().isBlank() ? JSON.readTree(response.body()) : null;
      return new Answer(response.statusCode(), json, response.body(), response);
    } catch (IOException unreachable) {
      throw new UncheckedIOException("Twofold is unreachable at " + base, unreachable);
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(interrupted);
    }
  }
}
