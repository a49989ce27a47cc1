package io.twofold.delivery.api;

import io.twofold.testsupport.ApiClient;
import io.twofold.testsupport.AuthorizationMatrix;
import io.twofold.testsupport.ServiceIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

/**
 * Who may do what in delivery-service, whose API is the actuator, the providers' delivery receipts
 * and, in the local profile only, the local outbox (run here in that profile, so that its one
 * operation is in the OpenAPI document too). Columns: see {@link AuthorizationMatrix}. Receipts
 * are for providers proving themselves with their signature: no token of any kind is enough (401,
 * the signature is missing); {@code FailoverTest} sends them signed, forged and unsigned.
 */
@ServiceIntegrationTest
@ActiveProfiles("local")
class DeliveryAuthorizationMatrixTest {

  @LocalServerPort int port;

  @Test
  void everyOperationAnswersEveryKindOfCallerAsTheModelSays() {
    new AuthorizationMatrix(ApiClient.local(port)).check("""
                                                  SYS TA  TA~ TA0 CU  EN  LC  LC~ IN  ME
        GET    /api/v1/local/outbox               200 403 403 403 403 403 403 403 403 403
        POST   /receipts/twilio                   401 401 401 401 401 401 401 401 401 401
        POST   /receipts/sendgrid                 401 401 401 401 401 401 401 401 401 401
        GET    /actuator/prometheus               403 403 403 403 403 403 403 403 403 200
        GET    /actuator/info                     403 403 403 403 403 403 403 403 403 200
        """);
  }
}
