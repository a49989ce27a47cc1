package io.twofold.enrollment.domain;

/** A factor is usable only once confirmed. */
public enum FactorState {
  PENDING,
  ACTIVE
}
