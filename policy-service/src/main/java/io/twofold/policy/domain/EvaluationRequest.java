package io.twofold.policy.domain;

import io.twofold.platform.security.Authority;
import java.util.Objects;

/** Who is signing in: the facts policy needs to decide. */
public record EvaluationRequest(
    String userId, Authority authority, String tenantId, String tenantProfileId, String customerId) {

  public EvaluationRequest {
    Objects.requireNonNull(authority, "authority");
  }
}
