package io.twofold.loginapp.users;

import static org.assertj.core.api.Assertions.assertThat;

import io.twofold.loginapp.LoginAppProperties;
import java.util.List;
import org.junit.jupiter.api.Test;

class DemoUsersTest {

  private final DemoUsers users = new DemoUsers(new LoginAppProperties("login-app", "p", "e", "c", "c2VjcmV0",
      "twofold", List.of("alice:s3cret:TENANT_ADMIN:acme:gold", "root:r00t:SYS_ADMIN")));

  @Test
  void theRightPasswordSignsInWithTheUsersClaims() {
    DemoUser alice = users.authenticate("alice", "s3cret").orElseThrow();

    assertThat(alice.tenantId()).isEqualTo("acme");
    assertThat(alice.tenantProfileId()).isEqualTo("gold");
    assertThat(alice.customerId()).isNull();
    assertThat(users.authenticate("root", "r00t").orElseThrow().isSystemAdmin()).isTrue();
  }

  @Test
  void aWrongPasswordOrAnUnknownNameSignsNobodyIn() {
    assertThat(users.authenticate("alice", "S3CRET")).isEmpty();
    assertThat(users.authenticate("mallory", "s3cret")).isEmpty();
    assertThat(users.authenticate(null, null)).isEmpty();
  }
}
