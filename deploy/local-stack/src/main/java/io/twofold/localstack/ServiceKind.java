package io.twofold.localstack;

/** The four Twofold services, in the order they start (no service calls one started after it). */
public enum ServiceKind {
  POLICY("policy-service"),
  ENROLLMENT("enrollment-service"),
  CHALLENGE("challenge-service"),
  DELIVERY("delivery-service");

  private final String module;

  ServiceKind(String module) {
    this.module = module;
  }

  public String module() {
    return module;
  }

  /** Each service owns its own database (DESIGN §1: no shared collections). */
  public String database() {
    return "twofold_" + name().toLowerCase();
  }
}
