package io.twofold.enrollment;

import io.twofold.testsupport.ServiceIntegrationTest;
import io.twofold.testsupport.ServiceStartupContract;

@ServiceIntegrationTest
class EnrollmentServiceApplicationTest extends ServiceStartupContract {}
