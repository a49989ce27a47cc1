package io.twofold.policy.domain;

/** One invalid field, named by its JSON path (e.g. {@code providers[1].smsVerificationMessageTemplate}). */
public record FieldProblem(String field, String message) {}
