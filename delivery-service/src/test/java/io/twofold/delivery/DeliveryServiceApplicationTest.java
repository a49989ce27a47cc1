package io.twofold.delivery;

import io.twofold.testsupport.ServiceIntegrationTest;
import io.twofold.testsupport.ServiceStartupContract;

@ServiceIntegrationTest
class DeliveryServiceApplicationTest extends ServiceStartupContract {}
