package io.twofold.policy.api;

import io.twofold.platform.web.ProblemException;
import io.twofold.policy.app.InvalidSettingsException;
import io.twofold.policy.store.StaleVersionException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** Policy's own failures as problems: invalid settings (400, each field named), stale version (409). */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class PolicyProblems {

  @ExceptionHandler(InvalidSettingsException.class)
  org.springframework.http.ResponseEntity<ProblemDetail> invalid(InvalidSettingsException invalid) {
    return ProblemException.invalidFields(invalid.problems().stream()
        .map(p -> ProblemException.fieldError(p.field(), p.message())).toList()).toResponse();
  }

  @ExceptionHandler(StaleVersionException.class)
  org.springframework.http.ResponseEntity<ProblemDetail> stale(StaleVersionException stale) {
    return ProblemException.conflict("stale-version", stale.getMessage()).toResponse();
  }
}
