package io.twofold.platform.security;

import static io.twofold.platform.security.CallerKind.CUSTOMER_USER;
import static io.twofold.platform.security.CallerKind.ENROLL_ONLY_USER;
import static io.twofold.platform.security.CallerKind.INTERNAL_SERVICE;
import static io.twofold.platform.security.CallerKind.LOGIN_CLIENT;
import static io.twofold.platform.security.CallerKind.METRICS_SCRAPER;
import static io.twofold.platform.security.CallerKind.SYSTEM_ADMINISTRATOR;
import static io.twofold.platform.security.CallerKind.TENANT_ADMINISTRATOR;
import static io.twofold.platform.security.Reach.ANY_TENANT;
import static io.twofold.platform.security.Reach.OWN_CHALLENGES;
import static io.twofold.platform.security.Reach.OWN_TENANT;
import static io.twofold.platform.security.Reach.SELF;
import static io.twofold.platform.security.Reach.SELF_UNTIL_ENROLLED;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * Twofold's authorization model in one table (DESIGN §6): every operation of every service, which
 * kinds of caller may perform it, and how far it reaches for each. A kind that is not listed is
 * refused (403). Endpoints name their permission with {@link Allow}; the matrix tests of each
 * service prove this table against real requests.
 *
 * <p>{@code stepUp}: for a user that has an active factor, the change also needs a recent second
 * factor (enrollment-service's step-up grant), so that a stolen session cannot become a permanent
 * second factor.
 */
public enum Permission {

  // policy-service
  READ_SYSTEM_SETTINGS(false, grant(SYSTEM_ADMINISTRATOR, ANY_TENANT)),
  CHANGE_SYSTEM_SETTINGS(false, grant(SYSTEM_ADMINISTRATOR, ANY_TENANT)),
  MANAGE_TENANT_SETTINGS(false, grant(SYSTEM_ADMINISTRATOR, ANY_TENANT), grant(TENANT_ADMINISTRATOR, OWN_TENANT)),
  EVALUATE_POLICY(false, grant(INTERNAL_SERVICE, ANY_TENANT), grant(LOGIN_CLIENT, ANY_TENANT),
      grant(SYSTEM_ADMINISTRATOR, ANY_TENANT), grant(TENANT_ADMINISTRATOR, OWN_TENANT)),

  // enrollment-service: a user's own factors (/api/v1/me)
  READ_OWN_FACTORS(false, grant(SYSTEM_ADMINISTRATOR, SELF), grant(TENANT_ADMINISTRATOR, SELF),
      grant(CUSTOMER_USER, SELF), grant(ENROLL_ONLY_USER, SELF_UNTIL_ENROLLED)),
  ADD_OWN_FACTOR(true, grant(SYSTEM_ADMINISTRATOR, SELF), grant(TENANT_ADMINISTRATOR, SELF),
      grant(CUSTOMER_USER, SELF), grant(ENROLL_ONLY_USER, SELF_UNTIL_ENROLLED)),
  /** Confirm a pending factor or have its code sent again: the factor's own code is the proof. */
  CONFIRM_OWN_FACTOR(false, grant(SYSTEM_ADMINISTRATOR, SELF), grant(TENANT_ADMINISTRATOR, SELF),
      grant(CUSTOMER_USER, SELF), grant(ENROLL_ONLY_USER, SELF_UNTIL_ENROLLED)),
  /** Which of the user's own active factors is offered first: weakens nothing. */
  CHOOSE_DEFAULT_FACTOR(false, grant(SYSTEM_ADMINISTRATOR, SELF), grant(TENANT_ADMINISTRATOR, SELF),
      grant(CUSTOMER_USER, SELF)),
  /** Remove a factor, generate backup codes. */
  CHANGE_OWN_FACTORS(true, grant(SYSTEM_ADMINISTRATOR, SELF), grant(TENANT_ADMINISTRATOR, SELF),
      grant(CUSTOMER_USER, SELF)),
  /** Prove a second factor to get a short step-up grant. */
  STEP_UP(false, grant(SYSTEM_ADMINISTRATOR, SELF), grant(TENANT_ADMINISTRATOR, SELF), grant(CUSTOMER_USER, SELF)),

  // enrollment-service: administrators
  /** A user's factors (no secrets), reset, coverage: within a tenant. */
  ADMINISTER_TENANT_USERS_FACTORS(false, grant(SYSTEM_ADMINISTRATOR, ANY_TENANT), grant(TENANT_ADMINISTRATOR, OWN_TENANT)),
  /** Any user's factors and reset, system administrators included (they have no tenant). */
  ADMINISTER_ANY_USERS_FACTORS(false, grant(SYSTEM_ADMINISTRATOR, ANY_TENANT)),

  // enrollment-service: for challenge-service (/internal/**)
  READ_FACTORS_FOR_SIGN_IN(false, grant(INTERNAL_SERVICE, ANY_TENANT)),
  VERIFY_CODES_FOR_SIGN_IN(false, grant(INTERNAL_SERVICE, ANY_TENANT)),

  // challenge-service
  RUN_CHALLENGES(false, grant(LOGIN_CLIENT, OWN_CHALLENGES)),
  UNLOCK_USERS(false, grant(SYSTEM_ADMINISTRATOR, ANY_TENANT), grant(TENANT_ADMINISTRATOR, OWN_TENANT)),

  // delivery-service, local profile only
  READ_LOCAL_OUTBOX(false, grant(SYSTEM_ADMINISTRATOR, ANY_TENANT)),

  // delivery-service: delivery receipts. Their callers are SMS and email providers, which hold no
  // Twofold token: no kind of token grants this, and each request must carry its provider's
  // signature, which the endpoint verifies before anything else (401 without it, token or not).
  REPORT_DELIVERY_RECEIPTS(true),

  // every service: /actuator/** but health
  SCRAPE_METRICS(false, grant(METRICS_SCRAPER, ANY_TENANT));

  private final boolean stepUp;
  private final boolean providerSigned;
  private final Map<CallerKind, Reach> grants;

  /** An operation for a provider, proven by its signature on the request rather than by a token. */
  Permission(boolean providerSigned) {
    this.stepUp = false;
    this.providerSigned = providerSigned;
    this.grants = Map.of();
  }

  @SafeVarargs
  Permission(boolean stepUp, Map.Entry<CallerKind, Reach>... grants) {
    Map<CallerKind, Reach> table = new EnumMap<>(CallerKind.class);
    for (Map.Entry<CallerKind, Reach> grant : grants) {
      table.put(grant.getKey(), grant.getValue());
    }
    this.stepUp = stepUp;
    this.providerSigned = false;
    this.grants = Collections.unmodifiableMap(table);
  }

  private static Map.Entry<CallerKind, Reach> grant(CallerKind kind, Reach reach) {
    return Map.entry(kind, reach);
  }

  /** How far this permission reaches for a kind of caller; empty when the kind may not use it. */
  public Optional<Reach> reachOf(CallerKind kind) {
    return Optional.ofNullable(grants.get(kind));
  }

  /** Whether a user that has an active factor needs a recent second factor for this change. */
  public boolean needsStepUp() {
    return stepUp;
  }

  /**
   * Whether the caller is a provider that proves itself by signing the request (its endpoint
   * verifies the signature) rather than any kind of token holder.
   */
  public boolean providerSigned() {
    return providerSigned;
  }

  public Map<CallerKind, Reach> grants() {
    return grants;
  }
}
