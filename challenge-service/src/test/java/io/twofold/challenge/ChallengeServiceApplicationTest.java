package io.twofold.challenge;

import io.twofold.testsupport.ServiceIntegrationTest;
import io.twofold.testsupport.ServiceStartupContract;

@ServiceIntegrationTest
class ChallengeServiceApplicationTest extends ServiceStartupContract {}
