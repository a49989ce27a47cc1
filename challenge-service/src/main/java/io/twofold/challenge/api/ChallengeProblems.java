package io.twofold.challenge.api;

import io.twofold.challenge.app.ChallengeIssuer;
import io.twofold.challenge.app.CodeSender;
import io.twofold.challenge.app.EnrollmentClient;
import io.twofold.platform.web.ProblemException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class ChallengeProblems {

  /** A code could not be checked: the attempt fails closed, never as a success, and is not counted. */
  @ExceptionHandler(EnrollmentClient.EnrollmentUnavailable.class)
  ResponseEntity<ProblemDetail> enrollmentUnavailable(EnrollmentClient.EnrollmentUnavailable unavailable) {
    return new ProblemException(HttpStatus.SERVICE_UNAVAILABLE, "enrollment-unavailable",
        "the code cannot be checked right now; try again later").toResponse();
  }

  /** The code cannot be opened: like enrollment being down, the attempt was not counted. */
  @ExceptionHandler(CodeSender.CodeUnavailable.class)
  ResponseEntity<ProblemDetail> codeUnavailable(CodeSender.CodeUnavailable unavailable) {
    return new ProblemException(HttpStatus.SERVICE_UNAVAILABLE, "code-unavailable",
        "the code of this challenge cannot be checked; ask for a new one").toResponse();
  }

  /** The challenge id belongs to another request: never its outcome. */
  @ExceptionHandler(ChallengeIssuer.ChallengeIdConflict.class)
  ResponseEntity<ProblemDetail> conflict(ChallengeIssuer.ChallengeIdConflict conflict) {
    return ProblemException.conflict(ChallengeIssuer.ChallengeIdConflict.REASON, conflict.getMessage()).toResponse();
  }

  /** The send period is not over: 429 with the time until the next code may go out. */
  @ExceptionHandler(CodeSender.SendTooSoon.class)
  ResponseEntity<ProblemDetail> sendTooSoon(CodeSender.SendTooSoon tooSoon) {
    return ProblemException.tooManyRequests("a code was sent recently; wait before asking again", tooSoon.retryAfter())
        .toResponse();
  }
}
