package io.twofold.enrollment.api;

import static io.twofold.testsupport.AuthorizationMatrix.TENANT;
import static org.assertj.core.api.Assertions.assertThat;

import io.twofold.testsupport.ApiClient;
import io.twofold.testsupport.AuthorizationMatrix;
import io.twofold.testsupport.AuthorizationMatrix.Request;
import io.twofold.testsupport.ServiceIntegrationTest;
import io.twofold.testsupport.Tokens;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Who may do what in enrollment-service: every operation of its OpenAPI document and the actuator,
 * for every kind of caller (columns: see {@link AuthorizationMatrix}). Each cell's user is new, so
 * it has no factor: what an allowed caller then gets (404 for a factor id that is not its own, 409
 * for backup codes without a factor) shows the request passed authorization. Resets run against a
 * user given a factor for that cell. Enrolled users, step-up and spent enrollment-only tokens are
 * {@link EnrollmentTrustModelTest}'s.
 */
@ServiceIntegrationTest(properties = "twofold.policy.base-url=${twofold.test.wiremock-url}/policy")
class EnrollmentAuthorizationMatrixTest {

  private static final Tokens TOKENS = Tokens.forTests();

  @LocalServerPort int port;
  ApiClient api;

  @BeforeEach
  void setUp() {
    EnrollmentTestSupport.stubPolicy();
    api = ApiClient.local(port);
  }

  /** A user of the matrix tenant (or a system administrator: no tenant) holding a pending factor. */
  private String userWithAFactor(boolean systemAdministrator) {
    String victim = "matrix-victim-" + UUID.randomUUID();
    String token = systemAdministrator ? TOKENS.sysAdmin(victim) : TOKENS.tenantAdmin(victim, TENANT);
    assertThat(api.post("/api/v1/me/factors", token, Map.of("type", "TOTP")).status()).isEqualTo(201);
    return victim;
  }

  @Test
  void everyOperationAnswersEveryKindOfCallerAsTheModelSays() {
    String tenantUsers = "/api/v1/tenants/" + TENANT + "/users/";
    new AuthorizationMatrix(api)
        .request("POST /api/v1/me/factors", cell -> new Request("/api/v1/me/factors", Map.of("type", "TOTP")))
        .request("POST /api/v1/me/factors/{factorId}/confirmation", cell -> new Request(
            AuthorizationMatrix.fill("/api/v1/me/factors/{factorId}/confirmation"), Map.of("code", "123456")))
        .request("POST /api/v1/me/step-up", cell -> new Request("/api/v1/me/step-up", Map.of("code", "123456")))
        .request("POST /api/v1/me/step-up/code-requests", cell -> new Request("/api/v1/me/step-up/code-requests",
            Map.of("factorId", "matrix-" + UUID.randomUUID())))
        .request("DELETE /api/v1/tenants/{tenantId}/users/{userId}/factors",
            cell -> Request.of(tenantUsers + userWithAFactor(false) + "/factors"))
        .request("DELETE /api/v1/users/{userId}/factors",
            cell -> Request.of("/api/v1/users/" + userWithAFactor(true) + "/factors"))
        .request("POST /internal/v1/users/{userId}/totp-verifications", cell -> new Request(
            AuthorizationMatrix.fill("/internal/v1/users/{userId}/totp-verifications"), Map.of("code", "123456")))
        .request("POST /internal/v1/users/{userId}/backup-code-verifications", cell -> new Request(
            AuthorizationMatrix.fill("/internal/v1/users/{userId}/backup-code-verifications"),
            Map.of("code", "abcde-fghjk")))
        .check("""
                                                                          SYS TA  TA~ TA0 CU  EN  LC  LC~ IN  ME
            GET    /api/v1/me/factors                                     200 200 200 403 200 200 403 403 403 403
            POST   /api/v1/me/factors                                     201 201 201 403 201 201 403 403 403 403
            POST   /api/v1/me/factors/{factorId}/confirmation-code        404 404 404 403 404 404 403 403 403 403
            POST   /api/v1/me/factors/{factorId}/confirmation             404 404 404 403 404 404 403 403 403 403
            POST   /api/v1/me/factors/{factorId}/default                  404 404 404 403 404 403 403 403 403 403
            DELETE /api/v1/me/factors/{factorId}                          404 404 404 403 404 403 403 403 403 403
            POST   /api/v1/me/backup-codes                                409 409 409 403 409 403 403 403 403 403
            POST   /api/v1/me/step-up                                     409 409 409 403 409 403 403 403 403 403
            POST   /api/v1/me/step-up/code-requests                       404 404 404 403 404 403 403 403 403 403
            GET    /api/v1/tenants/{tenantId}/users/{userId}/factors      200 200 403 403 403 403 403 403 403 403
            DELETE /api/v1/tenants/{tenantId}/users/{userId}/factors      204 204 403 403 403 403 403 403 403 403
            GET    /api/v1/tenants/{tenantId}/coverage                    200 200 403 403 403 403 403 403 403 403
            GET    /api/v1/users/{userId}/factors                         200 403 403 403 403 403 403 403 403 403
            DELETE /api/v1/users/{userId}/factors                         204 403 403 403 403 403 403 403 403 403
            GET    /internal/v1/users/{userId}/factors                    403 403 403 403 403 403 403 403 200 403
            POST   /internal/v1/users/{userId}/totp-verifications         403 403 403 403 403 403 403 403 200 403
            POST   /internal/v1/users/{userId}/backup-code-verifications  403 403 403 403 403 403 403 403 200 403
            GET    /actuator/prometheus                                   403 403 403 403 403 403 403 403 403 200
            GET    /actuator/info                                         403 403 403 403 403 403 403 403 403 200
            """);
  }
}
