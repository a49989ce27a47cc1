package io.twofold.platform.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.web.client.RestClient;

/**
 * Tokens from the identity provider's OAuth 2.0 client-credentials grant (RFC 6749 §4.4), renewed
 * at half their lifetime. Used in production, where services do not share a signing key.
 */
public final class ClientCredentialsServiceTokens implements ServiceTokens {

  private final RestClient http;
  private final String tokenEndpoint;
  private final String clientId;
  private final String clientSecret;
  private final Clock clock;
  private volatile String token;
  private volatile Instant renewAt = Instant.MIN;

  public ClientCredentialsServiceTokens(
      RestClient.Builder http, String tokenEndpoint, String clientId, String clientSecret, Clock clock) {
    this.http = http.build();
    this.tokenEndpoint = tokenEndpoint;
    this.clientId = clientId;
    this.clientSecret = clientSecret;
    this.clock = clock;
  }

  @Override
  public synchronized String current() {
    Instant now = clock.instant();
    if (token == null || !now.isBefore(renewAt)) {
      var form = new LinkedMultiValueMap<String, String>();
      form.add("grant_type", "client_credentials");
      form.add("scope", Scopes.INTERNAL);
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
      long expiresIn = answer.get("expires_in") instanceof Number n ? n.longValue() : 300;
      token = accessToken;
      renewAt = now.plus(Duration.ofSeconds(expiresIn).dividedBy(2));
    }
    return token;
  }
}
