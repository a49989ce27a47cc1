package io.twofold.policy.app;

import io.twofold.policy.domain.FieldProblem;
import java.util.List;

/** Settings broke one or more rules; nothing was stored. */
public class InvalidSettingsException extends RuntimeException {

  private final List<FieldProblem> problems;

  public InvalidSettingsException(List<FieldProblem> problems) {
    super("invalid settings: " + problems.stream().map(FieldProblem::field).toList());
    this.problems = List.copyOf(problems);
  }

  public List<FieldProblem> problems() {
    return problems;
  }
}
