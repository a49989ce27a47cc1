package io.twofold.platform.security;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.twofold.testsupport.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.web.client.RestClient;

/** The client-credentials token of a service: renewed early, kept while the identity provider fails, bounded waits. */
class ClientCredentialsServiceTokensTest {

  private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T10:00:00Z"));
  private WireMockServer idp;
  private ClientCredentialsServiceTokens tokens;

  @BeforeEach
  void start() {
    idp = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
    idp.start();
    tokens = new ClientCredentialsServiceTokens(RestClient.builder(), idp.baseUrl() + "/token", "challenge-service",
        "s3cret", "twofold", Duration.ofSeconds(1), clock);
  }

  @AfterEach
  void stop() {
    idp.stop();
  }

  private void issues(String token, int expiresIn) {
    idp.stubFor(post(urlEqualTo("/token")).willReturn(aResponse().withHeader("Content-Type", "application/json")
        .withBody("{\"access_token\":\"" + token + "\",\"token_type\":\"Bearer\",\"expires_in\":" + expiresIn + "}")));
  }

  @Test
  void asksForTheInternalScopeAndTheAudienceAndRenewsAtHalfTheLifetime() {
    issues("first", 300);
    assertThat(tokens.current()).isEqualTo("first");
    issues("second", 300);

    clock.advance(Duration.ofSeconds(149));
    assertThat(tokens.current()).isEqualTo("first");
    clock.advance(Duration.ofSeconds(2));
    assertThat(tokens.current()).isEqualTo("second");
    idp.verify(postRequestedFor(urlEqualTo("/token")).withRequestBody(containing("grant_type=client_credentials"))
        .withRequestBody(containing("scope=twofold.internal")).withRequestBody(containing("audience=twofold")));
  }

  @Test
  void keepsAStillValidTokenWhileTheIdentityProviderFailsThenGivesUp() {
    issues("first", 300);
    tokens.current();
    idp.stubFor(post(urlEqualTo("/token")).willReturn(aResponse().withStatus(503)));

    clock.advance(Duration.ofSeconds(200)); // past renewal, before expiry
    assertThat(tokens.current()).isEqualTo("first");

    clock.advance(Duration.ofSeconds(95)); // within the margin before expiry: not sent any more
    assertThatThrownBy(tokens::current).isInstanceOf(RuntimeException.class);
  }

  @Test
  void aSilentIdentityProviderCostsOneTimeoutNotAThread() {
    idp.stubFor(post(urlEqualTo("/token")).willReturn(aResponse().withFixedDelay(5_000)
        .withHeader("Content-Type", "application/json").withBody("{\"access_token\":\"late\",\"expires_in\":300}")));

    long started = System.nanoTime();
    assertThatThrownBy(tokens::current).isInstanceOf(RuntimeException.class);
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(4));
  }

  @Test
  void withAJwkSetAndNoClientCredentialsAServiceThatCallsOthersDoesNotStart() {
    var jwks = new TwofoldSecurityProperties("https://idp.example.com/jwks", null, "https://idp.example.com", "twofold");

    assertThatThrownBy(() -> TwofoldSecurityAutoConfiguration.credentials(jwks, clock, "challenge-service", "", "",
        "", Duration.ofSeconds(1))).isInstanceOf(IllegalStateException.class).hasMessageContaining("no credentials");
  }
}
