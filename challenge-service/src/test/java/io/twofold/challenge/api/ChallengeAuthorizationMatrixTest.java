package io.twofold.challenge.api;

import static io.twofold.testsupport.AuthorizationMatrix.TENANT;
import static org.assertj.core.api.Assertions.assertThat;

import io.twofold.testsupport.ApiClient;
import io.twofold.testsupport.AuthorizationMatrix;
import io.twofold.testsupport.AuthorizationMatrix.Request;
import io.twofold.testsupport.ServiceIntegrationTest;
import io.twofold.testsupport.Tokens;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * Who may do what in challenge-service: every operation of its OpenAPI document and the actuator,
 * for every kind of caller (columns: see {@link AuthorizationMatrix}). The challenges a row names
 * were created by login client {@code LC} for that cell; {@code LC~} is another login client, to
 * which they do not exist. Unlocks are of a user of the matrix tenant locked for that cell.
 */
@ServiceIntegrationTest(properties = {
    "twofold.policy.base-url=${twofold.test.wiremock-url}/policy",
    "twofold.enrollment.base-url=${twofold.test.wiremock-url}/enrollment"})
class ChallengeAuthorizationMatrixTest {

  private static final String CREATOR = Tokens.forTests().loginService(AuthorizationMatrix.LOGIN_CLIENT);

  @LocalServerPort int port;
  @Autowired MongoTemplate mongo;
  ApiClient api;

  @BeforeEach
  void setUp() {
    ChallengeStubs.policy();
    api = ApiClient.local(port);
  }

  /** A new challenge id and user, for a cell that creates one. */
  private Map<String, Object> newChallenge() {
    String user = "matrix-user-" + UUID.randomUUID();
    ChallengeStubs.factors(user);
    return Map.of("challengeId", "matrix-" + UUID.randomUUID(), "userId", user, "tenantId", TENANT,
        "authority", "TENANT_ADMIN");
  }

  /** A challenge the matrix's login client created: its path. */
  private String challengeOfTheLoginClient() {
    Map<String, Object> challenge = newChallenge();
    assertThat(api.post("/api/v1/challenges", CREATOR, challenge).status()).isEqualTo(201);
    return "/api/v1/challenges/" + challenge.get("challengeId");
  }

  private String lockedUserOfTheTenant() {
    String user = "matrix-locked-" + UUID.randomUUID();
    mongo.insert(new Document("_id", user).append("tenantId", TENANT).append("reason", "max-verification-failures")
        .append("failures", 30).append("lockedAt", java.util.Date.from(Instant.now())), "challenge_lockouts");
    return user;
  }

  @Test
  void everyOperationAnswersEveryKindOfCallerAsTheModelSays() {
    new AuthorizationMatrix(api)
        .request("POST /api/v1/challenges", cell -> new Request("/api/v1/challenges", newChallenge()))
        .request("GET /api/v1/challenges/{challengeId}", cell -> Request.of(challengeOfTheLoginClient()))
        .request("POST /api/v1/challenges/{challengeId}/code-requests", cell -> new Request(
            challengeOfTheLoginClient() + "/code-requests", Map.of("provider", "SMS")))
        .request("POST /api/v1/challenges/{challengeId}/verifications", cell -> new Request(
            challengeOfTheLoginClient() + "/verifications", Map.of("code", "000000")))
        .request("DELETE /api/v1/lockouts/{userId}", cell -> Request.of("/api/v1/lockouts/" + lockedUserOfTheTenant()))
        .check("""
                                                                      SYS TA  TA~ TA0 CU  EN  LC  LC~ IN  ME
            POST   /api/v1/challenges                                 403 403 403 403 403 403 201 201 403 403
            GET    /api/v1/challenges/{challengeId}                   403 403 403 403 403 403 200 404 403 403
            POST   /api/v1/challenges/{challengeId}/code-requests     403 403 403 403 403 403 202 404 403 403
            POST   /api/v1/challenges/{challengeId}/verifications     403 403 403 403 403 403 200 404 403 403
            DELETE /api/v1/lockouts/{userId}                          204 204 404 403 403 403 403 403 403 403
            GET    /actuator/prometheus                               403 403 403 403 403 403 403 403 403 200
            GET    /actuator/info                                     403 403 403 403 403 403 403 403 403 200
            """);
  }
}
