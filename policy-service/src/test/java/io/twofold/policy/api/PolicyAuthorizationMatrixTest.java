package io.twofold.policy.api;

import static io.twofold.testsupport.AuthorizationMatrix.TENANT;

import io.twofold.testsupport.ApiClient;
import io.twofold.testsupport.AuthorizationMatrix;
import io.twofold.testsupport.AuthorizationMatrix.Request;
import io.twofold.testsupport.ServiceIntegrationTest;
import io.twofold.testsupport.Tokens;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * Who may do what in policy-service: every operation of its OpenAPI document and the actuator, for
 * every kind of caller (columns: see {@link AuthorizationMatrix}). Writes send the version just
 * read, so an allowed caller's write succeeds and changes nothing.
 */
@ServiceIntegrationTest(properties = "twofold.policy.outbox-interval=300ms")
class PolicyAuthorizationMatrixTest {

  private static final String ROOT = Tokens.forTests().sysAdmin("matrix-root");

  @LocalServerPort int port;

  @Test
  void everyOperationAnswersEveryKindOfCallerAsTheModelSays() {
    ApiClient api = ApiClient.local(port);
    String tenantPath = "/api/v1/settings/tenants/" + TENANT;
    new AuthorizationMatrix(api)
        .request("PUT /api/v1/settings/system", cell -> new Request("/api/v1/settings/system",
            current(api, "/api/v1/settings/system")))
        .request("PUT /api/v1/settings/tenants/{tenantId}", cell -> new Request(tenantPath,
            Map.of("version", current(api, tenantPath).get("version"), "useSystemSettings", true)))
        .request("DELETE /api/v1/settings/tenants/{tenantId}", cell -> Request.of(tenantPath + "?version="
            + current(api, tenantPath).get("version")))
        .request("POST /api/v1/policy/evaluations", cell -> new Request("/api/v1/policy/evaluations",
            Map.of("userId", "someone", "authority", "CUSTOMER_USER", "tenantId", TENANT)))
        .check("""
                                                              SYS TA  TA~ TA0 CU  EN  LC  LC~ IN  ME
            GET    /api/v1/settings/system                    200 403 403 403 403 403 403 403 403 403
            PUT    /api/v1/settings/system                    200 403 403 403 403 403 403 403 403 403
            GET    /api/v1/settings/tenants/{tenantId}        200 200 403 403 403 403 403 403 403 403
            PUT    /api/v1/settings/tenants/{tenantId}        200 200 403 403 403 403 403 403 403 403
            DELETE /api/v1/settings/tenants/{tenantId}        200 200 403 403 403 403 403 403 403 403
            POST   /api/v1/policy/evaluations                 200 200 403 403 403 403 200 200 200 403
            GET    /actuator/prometheus                       403 403 403 403 403 403 403 403 403 200
            GET    /actuator/info                             403 403 403 403 403 403 403 403 403 200
            """);
  }

  /** The resource as a system administrator reads it now, as a body to write back unchanged. */
  private static Map<String, Object> current(ApiClient api, String path) {
    JsonNode read = api.get(path, ROOT).body();
    Map<String, Object> body = new HashMap<>();
    read.properties().forEach(field -> {
      if (!field.getValue().isNull() && !field.getKey().equals("tenantId")) {
        body.put(field.getKey(), ApiClient.json(field.getValue().toString()));
      }
    });
    return body;
  }
}
