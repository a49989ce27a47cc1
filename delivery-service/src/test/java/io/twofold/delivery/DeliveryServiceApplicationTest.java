package io.twofold.delivery;

import io.twofold.testsupport.ServiceIntegrationTest;
import io.twofold.testsupport.ServiceStartupContract;

@ServiceIntegrationTest
@org.springframework.test.context.ActiveProfiles("local")
class DeliveryServiceApplicationTest extends ServiceStartupContract {}
