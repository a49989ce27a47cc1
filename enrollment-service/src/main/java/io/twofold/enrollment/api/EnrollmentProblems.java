package io.twofold.enrollment.api;

import io.twofold.enrollment.app.WrongCodeException;
import io.twofold.enrollment.domain.EnrollmentRefused;
import io.twofold.platform.web.ProblemException;
import io.twofold.policy.client.PolicyUnavailableException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** Enrollment's own failures as problems. */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class EnrollmentProblems {

  @ExceptionHandler(EnrollmentRefused.class)
  ResponseEntity<ProblemDetail> refused(EnrollmentRefused refused) {
    return new ProblemException(HttpStatus.CONFLICT, refused.reason(), refused.getMessage()).toResponse();
  }

  @ExceptionHandler(WrongCodeException.class)
  ResponseEntity<ProblemDetail> wrongCode(WrongCodeException wrong) {
    return new ProblemException(HttpStatus.UNPROCESSABLE_CONTENT, "wrong-code", wrong.getMessage()).toResponse();
  }

  /** Policy cannot be evaluated: enrollment stops rather than guessing what is allowed. */
  @ExceptionHandler(PolicyUnavailableException.class)
  ResponseEntity<ProblemDetail> policyUnavailable(PolicyUnavailableException unavailable) {
    return new ProblemException(HttpStatus.SERVICE_UNAVAILABLE, "policy-unavailable",
        "2FA policy cannot be evaluated right now; try again later").toResponse();
  }
}
