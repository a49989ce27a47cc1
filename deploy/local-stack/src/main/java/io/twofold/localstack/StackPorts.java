package io.twofold.localstack;

import io.twofold.testsupport.FreePorts;

/**
 * The loopback ports of the local stack. The defaults are fixed and documented in the README so
 * that curl examples work as written; tests start a stack on free ports instead.
 */
public record StackPorts(
    int kafka,
    int kafkaController,
    int registry,
    int registryManagement,
    int mongo,
    int policy,
    int enrollment,
    int challenge,
    int delivery) {

  public static StackPorts defaults() {
    return new StackPorts(19092, 19093, 18080, 18081, 27027, 8081, 8082, 8083, 8084);
  }

  /** Free loopback ports, for a stack beside a running one (tests, the load generator). */
  public static StackPorts free() {
    return new StackPorts(FreePorts.next(), FreePorts.next(), FreePorts.next(), FreePorts.next(),
        FreePorts.next(), FreePorts.next(), FreePorts.next(), FreePorts.next(), FreePorts.next());
  }

  public int portOf(ServiceKind service) {
    return switch (service) {
      case POLICY -> policy;
      case ENROLLMENT -> enrollment;
      case CHALLENGE -> challenge;
      case DELIVERY -> delivery;
    };
  }
}
