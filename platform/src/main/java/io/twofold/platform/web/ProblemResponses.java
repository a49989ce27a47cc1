package io.twofold.platform.web;

import jakarta.validation.ConstraintViolationException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.AuthenticationCredentialsNotFoundException;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * Every error a controller can raise becomes an RFC 9457 problem: validation errors name each bad
 * field, unreadable bodies say where they broke, and unexpected failures are 500s that reveal
 * nothing but a reference to the log line.
 */
@RestControllerAdvice
public class ProblemResponses extends ResponseEntityExceptionHandler {

  private static final Logger log = LoggerFactory.getLogger(ProblemResponses.class);

  @ExceptionHandler(ProblemException.class)
  ResponseEntity<ProblemDetail> onProblem(ProblemException problem) {
    return problem.toResponse();
  }

  @ExceptionHandler(ConstraintViolationException.class)
  ResponseEntity<ProblemDetail> onConstraintViolation(ConstraintViolationException violation) {
    List<Map<String, String>> errors =
        violation.getConstraintViolations().stream()
            .map(v -> fieldError(v.getPropertyPath().toString(), v.getMessage()))
            .toList();
    return ResponseEntity.badRequest().body(invalid(errors));
  }

  @ExceptionHandler(AccessDeniedException.class)
  ResponseEntity<ProblemDetail> onAccessDenied(AccessDeniedException denied) {
    ProblemDetail problem =
        ProblemDetail.forStatusAndDetail(HttpStatus.FORBIDDEN, "The token does not allow this operation.");
    problem.setType(ProblemTypes.of("forbidden"));
    return ResponseEntity.status(HttpStatus.FORBIDDEN).body(problem);
  }

  @ExceptionHandler(AuthenticationCredentialsNotFoundException.class)
  ResponseEntity<ProblemDetail> onNoCredentials(AuthenticationCredentialsNotFoundException missing) {
    ProblemDetail problem =
        ProblemDetail.forStatusAndDetail(HttpStatus.UNAUTHORIZED, "A valid bearer token is required.");
    problem.setType(ProblemTypes.of("unauthenticated"));
    return ResponseEntity.status(HttpStatus.UNAUTHORIZED).body(problem);
  }

  @ExceptionHandler(Exception.class)
  ResponseEntity<ProblemDetail> onUnexpected(Exception failure) {
    if (io.twofold.platform.kafka.Failures.isTransient(failure)) {
      return unavailable(failure);
    }
    String reference = UUID.randomUUID().toString();
    log.error("unhandled error, reference {}", reference, failure);
    ProblemDetail problem =
        ProblemDetail.forStatusAndDetail(
            HttpStatus.INTERNAL_SERVER_ERROR, "Internal error; reference " + reference);
    problem.setType(ProblemTypes.of("internal-error"));
    problem.setProperty("reference", reference);
    return ResponseEntity.internalServerError().body(problem);
  }

  /**
   * Something the request needs (the database, the broker, a peer service) is briefly away: 503
   * with Retry-After, naming what, so a caller retries instead of reporting a bug.
   */
  private static ResponseEntity<ProblemDetail> unavailable(Exception failure) {
    String what = io.twofold.platform.kafka.Failures.describe(failure);
    log.warn("{} unavailable: {}", what, failure.toString());
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
        "The " + what + " is unavailable; try again shortly.");
    problem.setType(ProblemTypes.of(what + "-unavailable"));
    return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, "1").body(problem);
  }

  @Override
  protected ResponseEntity<Object> handleMethodArgumentNotValid(
      MethodArgumentNotValidException invalid,
      HttpHeaders headers,
      HttpStatusCode status,
      WebRequest request) {
    List<Map<String, String>> errors =
        invalid.getBindingResult().getAllErrors().stream()
            .map(error -> fieldError(
                error instanceof FieldError field ? field.getField() : error.getObjectName(),
                error.getDefaultMessage()))
            .toList();
    return ResponseEntity.badRequest().body(invalid(errors));
  }

  @Override
  protected ResponseEntity<Object> handleHandlerMethodValidationException(
      HandlerMethodValidationException invalid,
      HttpHeaders headers,
      HttpStatusCode status,
      WebRequest request) {
    List<Map<String, String>> errors =
        invalid.getParameterValidationResults().stream()
            .flatMap(result -> result.getResolvableErrors().stream()
                .map(error -> fieldError(
                    result.getMethodParameter().getParameterName(), error.getDefaultMessage())))
            .toList();
    return ResponseEntity.badRequest().body(invalid(errors));
  }

  @Override
  protected ResponseEntity<Object> handleHttpMessageNotReadable(
      HttpMessageNotReadableException unreadable,
      HttpHeaders headers,
      HttpStatusCode status,
      WebRequest request) {
    if (causedBy(unreadable, RequestBodyLimitFilter.BodyTooLarge.class)) {
      ProblemDetail problem =
          ProblemDetail.forStatusAndDetail(HttpStatus.CONTENT_TOO_LARGE, "request body is too large");
      problem.setType(ProblemTypes.of("body-too-large"));
      return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE).body(problem);
    }
    ProblemDetail problem =
        ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, describe(unreadable));
    problem.setType(ProblemTypes.of("malformed-request"));
    return ResponseEntity.badRequest().body(problem);
  }

  private static ProblemDetail invalid(List<Map<String, String>> errors) {
    return ProblemException.invalidFields(errors).toProblemDetail();
  }

  private static Map<String, String> fieldError(String field, String message) {
    return ProblemException.fieldError(field, message == null ? "is invalid" : message);
  }

  /** Says what was wrong with a body without echoing it (it may hold a code). */
  private static String describe(HttpMessageNotReadableException unreadable) {
    Throwable cause = unreadable.getCause();
    if (cause instanceof UnrecognizedPropertyException unknown) {
      return "unknown field '" + path(unknown) + "'";
    }
    if (cause instanceof InvalidFormatException format) {
      Class<?> target = format.getTargetType();
      if (target != null && target.isEnum()) {
        return "field '" + path(format) + "' must be one of "
            + Arrays.toString(target.getEnumConstants());
      }
      return "field '" + path(format) + "' has the wrong type or format";
    }
    if (cause instanceof JacksonException json && !json.getPath().isEmpty()) {
      return "field '" + path(json) + "' is invalid or has the wrong type";
    }
    if (cause instanceof JacksonException) {
      return "request body is not valid JSON";
    }
    return "request body is missing or unreadable";
  }

  private static String path(JacksonException json) {
    return json.getPath().stream()
        .map(ref -> ref.getPropertyName() != null ? ref.getPropertyName() : "[" + ref.getIndex() + "]")
        .collect(Collectors.joining("."))
        .replace(".[", "[");
  }

  private static boolean causedBy(Throwable failure, Class<? extends Throwable> type) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return true;
      }
    }
    return false;
  }
}
