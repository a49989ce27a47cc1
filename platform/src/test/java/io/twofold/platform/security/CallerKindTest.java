package io.twofold.platform.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CallerKindTest {

  private static Caller caller(String sub, String tenant, Authority authority, String... scopes) {
    return new Caller(sub, tenant, null, null, Optional.ofNullable(authority), Set.of(scopes));
  }

  @Test
  void usersAreKnownByAuthorityAndNeedTheirTenant() {
    assertThat(caller("u", null, Authority.SYS_ADMIN).kind()).isEqualTo(CallerKind.SYSTEM_ADMINISTRATOR);
    assertThat(caller("u", "t", Authority.TENANT_ADMIN).kind()).isEqualTo(CallerKind.TENANT_ADMINISTRATOR);
    assertThat(caller("u", "t", Authority.CUSTOMER_USER).kind()).isEqualTo(CallerKind.CUSTOMER_USER);
    assertThat(caller("u", null, Authority.TENANT_ADMIN).kind()).isEqualTo(CallerKind.UNRECOGNISED);
    assertThat(caller("u", "  ", Authority.CUSTOMER_USER).kind()).isEqualTo(CallerKind.UNRECOGNISED);
    assertThat(caller(null, null, Authority.SYS_ADMIN).kind()).isEqualTo(CallerKind.UNRECOGNISED);
    assertThat(caller("u", "t", null).kind()).isEqualTo(CallerKind.UNRECOGNISED);
  }

  @Test
  void aTwofoldScopeDecidesOverTheAuthorityClaim() {
    assertThat(caller("portal", null, Authority.SYS_ADMIN, Scopes.LOGIN).kind()).isEqualTo(CallerKind.LOGIN_CLIENT);
    assertThat(caller("svc", null, null, Scopes.INTERNAL).kind()).isEqualTo(CallerKind.INTERNAL_SERVICE);
    assertThat(caller("prom", null, Authority.SYS_ADMIN, Scopes.METRICS).kind()).isEqualTo(CallerKind.METRICS_SCRAPER);
    assertThat(caller("u", null, Authority.SYS_ADMIN, Scopes.ENROLL).kind()).isEqualTo(CallerKind.ENROLL_ONLY_USER);
    assertThat(caller("u", null, null, Scopes.ENROLL).kind()).isEqualTo(CallerKind.UNRECOGNISED);
  }

  @Test
  void otherScopesPlayNoPartAndTwoTwofoldScopesAreNoKind() {
    assertThat(caller("u", "t", Authority.CUSTOMER_USER, "openid", "email").kind()).isEqualTo(CallerKind.CUSTOMER_USER);
    assertThat(caller("x", null, null, Scopes.LOGIN, Scopes.METRICS).kind()).isEqualTo(CallerKind.UNRECOGNISED);
    assertThat(caller("u", "t", Authority.TENANT_ADMIN, Scopes.ENROLL, Scopes.INTERNAL).kind())
        .isEqualTo(CallerKind.UNRECOGNISED);
  }

  @Test
  void ownTenantGrantsReachTheCallersTenantOnly() {
    Caller admin = caller("a", "t-1", Authority.TENANT_ADMIN);

    assertThat(admin.reaches(Permission.UNLOCK_USERS, "t-1")).isTrue();
    assertThat(admin.reaches(Permission.UNLOCK_USERS, "t-2")).isFalse();
    assertThat(admin.reaches(Permission.UNLOCK_USERS, null)).isFalse();
    assertThat(caller("r", null, Authority.SYS_ADMIN).reaches(Permission.UNLOCK_USERS, null)).isTrue();
    assertThat(caller("p", null, null, Scopes.LOGIN).reaches(Permission.UNLOCK_USERS, "t-1")).isFalse();
  }

  @Test
  void everyPermissionIsGrantedToSomeoneAndNeverToAnUnrecognisedToken() {
    for (Permission permission : Permission.values()) {
      if (permission.providerSigned()) {
        // a provider's signed request, never a token: no kind of token may be granted it
        assertThat(permission.grants()).as(permission.name()).isEmpty();
      } else {
        assertThat(permission.grants()).as(permission.name()).isNotEmpty().doesNotContainKey(CallerKind.UNRECOGNISED);
      }
    }
  }

  @Test
  void aJwkSetWithoutAnIssuerRefusesToStart() {
    var noIssuer = new TwofoldSecurityProperties("https://idp.example.com/jwks", null, null, "twofold");

    assertThatThrownBy(() -> TwofoldSecurityAutoConfiguration.decoder(noIssuer))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("issuer");
    assertThat(TwofoldSecurityAutoConfiguration.decoder(
        new TwofoldSecurityProperties("https://idp.example.com/jwks", null, "https://idp.example.com", "twofold")))
        .isNotNull();
  }
}
