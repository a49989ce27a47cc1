package io.twofold.policy;

import io.twofold.testsupport.ServiceIntegrationTest;
import io.twofold.testsupport.ServiceStartupContract;

@ServiceIntegrationTest
class PolicyServiceApplicationTest extends ServiceStartupContract {}
