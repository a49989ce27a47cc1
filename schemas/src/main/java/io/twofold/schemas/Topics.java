package io.twofold.schemas;

import io.twofold.schemas.challenge.ChallengeEvent;
import io.twofold.schemas.challenge.ChallengeRequest;
import io.twofold.schemas.challenge.LockoutEvent;
import io.twofold.schemas.delivery.CodeRequest;
import io.twofold.schemas.delivery.DeliveryEvent;
import io.twofold.schemas.enrollment.FactorEvent;
import io.twofold.schemas.policy.PolicySnapshot;
import java.util.List;
import java.util.Optional;

/**
 * The topic catalogue (DESIGN §3). Listeners and publishers refer to these constants, never to
 * literal names. User-scoped topics are keyed by user id so that one user's events stay ordered on
 * one partition; the policy topic is keyed by scope ({@code system} or {@code tenant:<id>}).
 */
public final class Topics {

  public static final Topic<String, ChallengeRequest> CHALLENGE_REQUESTS =
      new Topic<>("twofold.challenge-requests", String.class, ChallengeRequest.class, 6, false);

  public static final Topic<String, ChallengeEvent> CHALLENGES =
      new Topic<>("twofold.challenges", String.class, ChallengeEvent.class, 6, false);

  public static final Topic<String, CodeRequest> CODE_REQUESTS =
      new Topic<>("twofold.code-requests", String.class, CodeRequest.class, 6, false);

  public static final Topic<String, DeliveryEvent> DELIVERIES =
      new Topic<>("twofold.deliveries", String.class, DeliveryEvent.class, 6, false);

  public static final Topic<String, FactorEvent> FACTORS =
      new Topic<>("twofold.factors", String.class, FactorEvent.class, 3, false);

  public static final Topic<String, PolicySnapshot> POLICIES =
      new Topic<>("twofold.policies", String.class, PolicySnapshot.class, 3, true);

  public static final Topic<String, LockoutEvent> LOCKOUTS =
      new Topic<>("twofold.lockouts", String.class, LockoutEvent.class, 3, false);

  private static final List<Topic<String, ?>> ALL =
      List.of(CHALLENGE_REQUESTS, CHALLENGES, CODE_REQUESTS, DELIVERIES, FACTORS, POLICIES, LOCKOUTS);

  /** Key of the system scope on {@link #POLICIES}. */
  public static final String SYSTEM_POLICY_KEY = "system";

  private Topics() {}

  public static List<Topic<String, ?>> all() {
    return ALL;
  }

  public static Optional<Topic<String, ?>> byName(String name) {
    return ALL.stream().filter(topic -> topic.name().equals(name)).findFirst();
  }

  /** Key of a tenant's scope on {@link #POLICIES}. */
  public static String tenantPolicyKey(String tenantId) {
    return "tenant:" + tenantId;
  }
}
