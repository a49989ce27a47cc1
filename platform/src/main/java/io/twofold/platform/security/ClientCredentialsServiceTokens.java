package io.twofold.platform.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.http.client.SimpleClientHttpRequestFactory;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.web.client.RestClient;

/**
 * Tokens from the identity provider's OAuth 2.0 client-credentials grant (RFC 6749 §4.4), renewed
 * at half their lifetime. Used in production, where services do not share a signing key.
 *
 * <p>One caller renews at a time, with timeouts; the others keep using the token held while it is
 * still valid, and so does the renewing caller if the identity provider fails: a slow or briefly
 * unavailable identity provider does not stop sign-ins until the token itself expires.
 */
public final class ClientCredentialsServiceTokens implements ServiceTokens {

  private static final Logger log = LoggerFactory.getLogger(ClientCredentialsServiceTokens.class);
  /** A token this close to its expiry is not sent any more (clock skew, time in flight). */
  private static final Duration MARGIN = Duration.ofSeconds(10);

  private final RestClient http;
  private final String tokenEndpoint;
  private final String clientId;
  private final String clientSecret;
  private final String audience;
  private final Clock clock;
  private final ReentrantLock renewal = new ReentrantLock();
  private volatile Held held;

  private record Held(String value, Instant renewAt, Instant usableUntil) {}

  /**
   * @param audience sent as the {@code audience} parameter when set (identity providers such as
   *     Auth0 need it to issue a token for Twofold's audience; others ignore it)
   * @param timeout connect and read timeout of one call to the token endpoint
   */
  public ClientCredentialsServiceTokens(RestClient.Builder http, String tokenEndpoint, String clientId,
      String clientSecret, String audience, Duration timeout, Clock clock) {
    SimpleClientHttpRequestFactory requests = new SimpleClientHttpRequestFactory();
    requests.setConnectTimeout(timeout);
    requests.setReadTimeout(timeout);
    this.http = http.requestFactory(requests).build();
    this.tokenEndpoint = tokenEndpoint;
    this.clientId = clientId;
    this.clientSecret = clientSecret;
    this.audience = audience;
    this.clock = clock;
  }

  @Override
  public String current() {
    Held token = held;
    Instant now = clock.instant();
    if (token != null && now.isBefore(token.renewAt())) {
      return token.value();
    }
    if (token != null && now.isBefore(token.usableUntil()) && !renewal.tryLock()) {
      return token.value(); // someone is renewing it; this one is still good
    }
    if (!renewal.isHeldByCurrentThread()) {
      renewal.lock(); // no usable token: wait for the renewal under way (bounded by its timeouts)
    }
    try {
      Held latest = held;
      if (latest != null && clock.instant().isBefore(latest.renewAt())) {
        return latest.value(); // renewed meanwhile
      }
      try {
        held = fetch();
        return held.value();
      } catch (RuntimeException failed) {
        if (latest != null && clock.instant().isBefore(latest.usableUntil())) {
          log.warn("could not renew the service token ({}); the current one is valid until {}", failed.getMessage(),
              latest.usableUntil());
          return latest.value();
        }
        throw failed;
      }
    } finally {
      renewal.unlock();
    }
  }

  private Held fetch() {
    Instant now = clock.instant();
    var form = new LinkedMultiValueMap<String, String>();
    form.add("grant_type", "client_credentials");
    form.add("scope", Scopes.INTERNAL);
    if (audience != null && !audience.isBlank()) {
      form.add("audience", audience);
    }
    Map<?, ?> answer = http.post()
        .uri(tokenEndpoint)
        .headers(headers -> headers.setBasicAuth(clientId, clientSecret))
        .contentType(MediaType.APPLICATION_FORM_URLENCODED)
        .body(form)
        .retrieve()
        .body(Map.class);
    if (answer == null || !(answer.get("access_token") instanceof String accessToken)) {
      throw new IllegalStateException("token endpoint answered without an access_token");
    }
    Duration lifetime = Duration.ofSeconds(answer.get("expires_in") instanceof Number n ? n.longValue() : 300);
    return new Held(accessToken, now.plus(lifetime.dividedBy(2)), now.plus(lifetime).minus(MARGIN));
  }
}
