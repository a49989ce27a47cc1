package io.twofold.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.twofold.platform.support.PlatformTestApplication;
import io.twofold.testsupport.ServiceIntegrationTest;
import io.twofold.testsupport.Tokens;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Security and RFC 9457 problem responses as a client sees them, over real HTTP. */
@ServiceIntegrationTest(classes = PlatformTestApplication.class)
class HttpContractTest {

  private static final Tokens TOKENS = Tokens.forTests();
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private final HttpClient http = HttpClient.newHttpClient();

  @LocalServerPort int port;

  @Nested
  class Authentication {

    @Test
    void healthIsOpenAndReportsKafkaAndMongo() throws Exception {
      HttpResponse<String> response = send(get("/actuator/health"));

      assertThat(response.statusCode()).isEqualTo(200);
      JsonNode health = JSON.readTree(response.body());
      assertThat(health.get("status").asString()).isEqualTo("UP");
      assertThat(health.get("components").get("mongo").get("status").asString()).isEqualTo("UP");
      assertThat(health.get("components").get("kafka").get("status").asString()).isEqualTo("UP");
    }

    @Test
    void noTokenIs401ProblemWithBearerChallenge() throws Exception {
      HttpResponse<String> response = send(get("/probe/me"));

      assertProblem(response, 401, "unauthenticated");
      assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
    }

    @Test
    void tokenSignedWithAnotherKeyIs401() throws Exception {
      String forged = Tokens.withSecret(Base64.getEncoder().encodeToString(new byte[32])).sysAdmin("mallory");

      assertProblem(send(get("/probe/me").header("Authorization", "Bearer " + forged)), 401, "unauthenticated");
    }

    @Test
    void expiredTokenIs401() throws Exception {
      String expired = TOKENS.subject("u1").authority("SYS_ADMIN")
          .issuedAt(Instant.now().minus(Duration.ofHours(2))).lifetime(Duration.ofMinutes(5)).mint();

      assertProblem(send(get("/probe/me").header("Authorization", "Bearer " + expired)), 401, "unauthenticated");
    }

    @Test
    void tokenWithoutExpiryIs401() throws Exception {
      String forever = TOKENS.subject("u1").authority("SYS_ADMIN").withoutExpiry().mint();

      assertProblem(send(get("/probe/me").header("Authorization", "Bearer " + forever)), 401, "unauthenticated");
    }

    @Test
    void tokenForAnotherAudienceIs401() throws Exception {
      String elsewhere = TOKENS.subject("u1").authority("SYS_ADMIN").audience("payroll").mint();
      String nowhere = TOKENS.subject("u1").authority("SYS_ADMIN").audience(null).mint();

      assertProblem(send(get("/probe/me").header("Authorization", "Bearer " + elsewhere)), 401, "unauthenticated");
      assertProblem(send(get("/probe/me").header("Authorization", "Bearer " + nowhere)), 401, "unauthenticated");
    }

    @Test
    void callerIsReadFromTheClaims() throws Exception {
      String token = TOKENS.subject("u7").tenant("t-3").authority("TENANT_ADMIN").scope(Tokens.ENROLL).mint();

      HttpResponse<String> response = send(get("/probe/me").header("Authorization", "Bearer " + token));

      assertThat(response.statusCode()).isEqualTo(200);
      JsonNode me = JSON.readTree(response.body());
      assertThat(me.get("userId").asString()).isEqualTo("u7");
      assertThat(me.get("tenantId").asString()).isEqualTo("t-3");
      assertThat(me.get("authority").asString()).isEqualTo("TENANT_ADMIN");
      assertThat(me.get("scopes").get(0).asString()).isEqualTo(Tokens.ENROLL);
    }
  }

  @Nested
  class Authorization {

    @Test
    void permissionAdmitsTheKindsItGrants() throws Exception {
      assertThat(send(get("/probe/admin").header("Authorization", "Bearer " + TOKENS.sysAdmin("root"))).statusCode())
          .isEqualTo(200);
    }

    @Test
    void permissionRefusesOtherKindsWith403Problem() throws Exception {
      String token = TOKENS.tenantAdmin("ta", "t-1");

      assertProblem(send(get("/probe/admin").header("Authorization", "Bearer " + token)), 403, "forbidden");
    }

    @Test
    void aLoginClientIsNeverAnAdministratorWhateverItsClaims() throws Exception {
      String both = TOKENS.subject("portal").authority("SYS_ADMIN").scope(Tokens.LOGIN).mint();

      assertThat(send(get("/probe/login-service").header("Authorization", "Bearer " + both)).statusCode()).isEqualTo(200);
      assertProblem(send(get("/probe/admin").header("Authorization", "Bearer " + both)), 403, "forbidden");
      assertProblem(send(get("/probe/login-service")
          .header("Authorization", "Bearer " + TOKENS.sysAdmin("root"))), 403, "forbidden");
    }

    @Test
    void aTokenWithTwoTwofoldScopesIsNoKindAndMayDoNothing() throws Exception {
      String mixed = TOKENS.subject("svc").scope(Tokens.LOGIN, Tokens.INTERNAL).mint();

      assertProblem(send(get("/probe/login-service").header("Authorization", "Bearer " + mixed)), 403, "forbidden");
    }

    @Test
    void tenantAdministratorReachesItsOwnTenantOnly() throws Exception {
      String own = TOKENS.tenantAdmin("ta", "t-1");

      assertThat(send(get("/probe/tenants/t-1").header("Authorization", "Bearer " + own)).statusCode()).isEqualTo(200);
      assertProblem(send(get("/probe/tenants/t-2").header("Authorization", "Bearer " + own)), 403, "forbidden");
      assertThat(send(get("/probe/tenants/t-2").header("Authorization", "Bearer " + TOKENS.sysAdmin("root")))
          .statusCode()).isEqualTo(200);
    }

    @Test
    void anEmptyTenantClaimIsNoTenant() throws Exception {
      String noTenant = TOKENS.subject("ta").tenant("").authority("TENANT_ADMIN").mint();

      assertProblem(send(get("/probe/tenants/t-1").header("Authorization", "Bearer " + noTenant)), 403, "forbidden");
    }

    @Test
    void anEndpointWithoutAPermissionIsOpenToNoOne() throws Exception {
      assertProblem(send(get("/probe-undeclared").header("Authorization", "Bearer " + TOKENS.sysAdmin("root"))),
          403, "forbidden");
    }

    @Test
    void metricsAreForTheMetricsScopeOnly() throws Exception {
      assertThat(send(get("/actuator/prometheus").header("Authorization", "Bearer " + TOKENS.metricsScraper("p")))
          .statusCode()).isEqualTo(200);
      assertThat(send(get("/actuator/prometheus").header("Authorization", "Bearer " + TOKENS.internalService("s")))
          .statusCode()).isEqualTo(403);
      assertThat(send(get("/probe/admin").header("Authorization", "Bearer " + TOKENS.metricsScraper("p")))
          .statusCode()).isEqualTo(403);
    }
  }

  @Nested
  class Problems {

    @Test
    void malformedJsonIs400() throws Exception {
      HttpResponse<String> response = send(post("/probe/orders", "{\"name\": \"x\", "));

      JsonNode problem = assertProblem(response, 400, "malformed-request");
      assertThat(problem.get("detail").asString()).contains("not valid JSON");
    }

    @Test
    void unknownEnumValueIs400NamingTheFieldAndTheAllowedValues() throws Exception {
      HttpResponse<String> response = send(post("/probe/orders", "{\"name\":\"x\",\"quantity\":1,\"color\":\"BLUE\"}"));

      JsonNode problem = assertProblem(response, 400, "malformed-request");
      assertThat(problem.get("detail").asString()).contains("color").contains("RED").contains("GREEN");
    }

    @Test
    void unknownFieldIs400NamingIt() throws Exception {
      HttpResponse<String> response = send(post("/probe/orders", "{\"name\":\"x\",\"quantity\":1,\"color\":\"RED\",\"colour\":\"RED\"}"));

      assertThat(assertProblem(response, 400, "malformed-request").get("detail").asString()).contains("colour");
    }

    @Test
    void wrongTypeIs400NamingTheField() throws Exception {
      HttpResponse<String> response = send(post("/probe/orders", "{\"name\":\"x\",\"quantity\":\"many\",\"color\":\"RED\"}"));

      assertThat(assertProblem(response, 400, "malformed-request").get("detail").asString()).contains("quantity");
    }

    @Test
    void invalidFieldsAre400NamingEachField() throws Exception {
      HttpResponse<String> response = send(post("/probe/orders", "{\"name\":\" \",\"quantity\":11}"));

      JsonNode problem = assertProblem(response, 400, "invalid-request");
      assertThat(problem.get("errors").valueStream().map(e -> e.get("field").asString()))
          .containsExactlyInAnyOrder("name", "quantity", "color");
    }

    @Test
    void hugeBodyIs413() throws Exception {
      String huge = "{\"name\":\"" + "x".repeat(5000) + "\",\"quantity\":1,\"color\":\"RED\"}";

      assertProblem(send(post("/probe/orders", huge)), 413, "body-too-large");
    }

    @Test
    void rateLimitIs429WithRetryAfterInWholeSeconds() throws Exception {
      HttpResponse<String> response = send(get("/probe/limited").header("Authorization", "Bearer " + TOKENS.sysAdmin("root")));

      assertProblem(response, 429, "rate-limited");
      assertThat(response.headers().firstValue("Retry-After")).contains("13");
    }

    @Test
    void unexpectedFailureIs500WithoutInternals() throws Exception {
      HttpResponse<String> response = send(get("/probe/boom").header("Authorization", "Bearer " + TOKENS.sysAdmin("root")));

      JsonNode problem = assertProblem(response, 500, "internal-error");
      assertThat(response.body()).doesNotContain("hunter2").doesNotContain("IllegalStateException");
      assertThat(problem.get("reference").asString()).isNotBlank();
    }

    @Test
    void theDatabaseAwayIs503WithRetryAfterNotABug() throws Exception {
      HttpResponse<String> response = send(get("/probe/database-away").header("Authorization", "Bearer " + TOKENS.sysAdmin("root")));

      assertProblem(response, 503, "database-unavailable");
      assertThat(response.headers().firstValue("Retry-After")).contains("1");
      assertThat(response.body()).doesNotContain("Timed out").doesNotContain("Mongo");
    }

    @Test
    void unknownPathIs404Problem() throws Exception {
      HttpResponse<String> response = send(get("/probe/nothing-here").header("Authorization", "Bearer " + TOKENS.sysAdmin("root")));

      assertThat(response.statusCode()).isEqualTo(404);
      assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).contains("problem+json"));
    }
  }

  private HttpRequest.Builder get(String path) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET();
  }

  private HttpRequest.Builder post(String path, String body) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .header("Authorization", "Bearer " + TOKENS.sysAdmin("root"))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body));
  }

  private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode assertProblem(HttpResponse<String> response, int status, String slug) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(v -> assertThat(v).contains("application/problem+json"));
    JsonNode problem = JSON.readTree(response.body());
    assertThat(problem.get("type").asString()).isEqualTo("urn:twofold:problem:" + slug);
    assertThat(problem.get("status").asInt()).isEqualTo(status);
    return problem;
  }
}
