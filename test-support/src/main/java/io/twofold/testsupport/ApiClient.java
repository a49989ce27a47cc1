package io.twofold.testsupport;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A small JSON-over-HTTP client for tests that call a service as its users would. */
public final class ApiClient {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final HttpClient http;
  private final String baseUrl;
  private final java.util.Map<String, String> headers;

  public ApiClient(String baseUrl) {
    this(HttpClient.newHttpClient(), baseUrl, java.util.Map.of());
  }

  private ApiClient(HttpClient http, String baseUrl, java.util.Map<String, String> headers) {
    this.http = http;
    this.baseUrl = baseUrl;
    this.headers = headers;
  }

  /** The same client sending one more header with every request (e.g. a step-up grant). */
  public ApiClient withHeader(String name, String value) {
    var more = new java.util.LinkedHashMap<>(headers);
    more.put(name, value);
    return new ApiClient(http, baseUrl, java.util.Map.copyOf(more));
  }

  public static ApiClient local(int port) {
    return new ApiClient("http://127.0.0.1:" + port);
  }

  /** A response: status, headers and the body parsed as JSON (null when empty). */
  public record Response(int status, HttpResponse<String> raw, JsonNode body) {
    public String header(String name) {
      return raw.headers().firstValue(name).orElse(null);
    }

    /** A problem's type without its {@code urn:twofold:problem:} prefix, e.g. {@code step-up-required}. */
    public String problem() {
      if (body == null || body.get("type") == null) {
        return null;
      }
      String type = body.get("type").asString();
      return type.substring(type.lastIndexOf(':') + 1);
    }

    /** The field names listed in a problem's {@code errors}. */
    public java.util.List<String> errorFields() {
      return body.get("errors").valueStream().map(e -> e.get("field").asString()).toList();
    }
  }

  public Response get(String path, String token) {
    return send(request(path, token).GET());
  }

  /** A GET whose body is not JSON (e.g. Prometheus text). */
  public String getText(String path, String token) {
    return raw(request(path, token).GET()).body();
  }

  public Response delete(String path, String token) {
    return send(request(path, token).DELETE());
  }

  /** Any method, with or without a JSON body (null: none). */
  public Response call(String method, String path, String token, Object body) {
    HttpRequest.Builder request = request(path, token);
    if (body == null) {
      return send(request.method(method, HttpRequest.BodyPublishers.noBody()));
    }
    return send(request.method(method, body(body)).header("Content-Type", "application/json"));
  }

  public Response post(String path, String token, Object body) {
    return send(request(path, token).POST(body(body)).header("Content-Type", "application/json"));
  }

  public Response put(String path, String token, Object body) {
    return send(request(path, token).PUT(body(body)).header("Content-Type", "application/json"));
  }

  public static JsonNode json(String text) {
    return JSON.readTree(text);
  }

  private HttpRequest.Builder request(String path, String token) {
    HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(baseUrl + path));
    headers.forEach(builder::header);
    if (token != null) {
      builder.header("Authorization", "Bearer " + token);
    }
    return builder;
  }

  private static HttpRequest.BodyPublisher body(Object body) {
    String text = body instanceof String s ? s : JSON.writeValueAsString(body);
    return HttpRequest.BodyPublishers.ofString(text);
  }

  private Response send(HttpRequest.Builder request) {
    HttpResponse<String> response = raw(request);
    boolean json = response.headers().firstValue("Content-Type").map(type -> type.contains("json")).orElse(true);
    JsonNode body = response.body() == null || response.body().isBlank() || !json ? null : JSON.readTree(response.body());
    return new Response(response.statusCode(), response, body);
  }

  private HttpResponse<String> raw(HttpRequest.Builder request) {
    try {
      return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
