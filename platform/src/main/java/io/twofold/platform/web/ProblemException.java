package io.twofold.platform.web;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/**
 * An error a service answers with on purpose, rendered as an RFC 9457 problem by
 * {@link ProblemResponses}. Messages name the problem and never carry a secret.
 */
public class ProblemException extends RuntimeException {

  private final HttpStatus status;
  private final String slug;
  private final Map<String, Object> properties;
  private final HttpHeaders headers;

  public ProblemException(HttpStatus status, String slug, String detail) {
    this(status, slug, detail, Map.of(), new HttpHeaders());
  }

  public ProblemException(
      HttpStatus status, String slug, String detail, Map<String, Object> properties, HttpHeaders headers) {
    super(detail);
    this.status = status;
    this.slug = slug;
    this.properties = new LinkedHashMap<>(properties);
    this.headers = headers;
  }

  public static ProblemException badRequest(String slug, String detail) {
    return new ProblemException(HttpStatus.BAD_REQUEST, slug, detail);
  }

  /**
   * 400 naming each invalid field, in the same shape as bean-validation failures: an {@code errors}
   * list of {@code {field, message}}.
   */
  public static ProblemException invalidFields(java.util.List<Map<String, String>> errors) {
    String fields = errors.stream().map(e -> e.get("field")).distinct()
        .collect(java.util.stream.Collectors.joining(", "));
    return new ProblemException(HttpStatus.BAD_REQUEST, "invalid-request", "invalid fields: " + fields,
        Map.of("errors", errors), new HttpHeaders());
  }

  public static Map<String, String> fieldError(String field, String message) {
    return Map.of("field", field, "message", message);
  }

  public static ProblemException notFound(String what) {
    return new ProblemException(HttpStatus.NOT_FOUND, "not-found", what + " was not found");
  }

  public static ProblemException conflict(String slug, String detail) {
    return new ProblemException(HttpStatus.CONFLICT, slug, detail);
  }

  public static ProblemException forbidden(String detail) {
    return new ProblemException(HttpStatus.FORBIDDEN, "forbidden", detail);
  }

  /** 429 with {@code Retry-After} in whole seconds (RFC 9110 §10.2.3). */
  public static ProblemException tooManyRequests(String detail, Duration retryAfter) {
    long seconds = Math.max(1, (retryAfter.toMillis() + 999) / 1000);
    HttpHeaders headers = new HttpHeaders();
    headers.set(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
    return new ProblemException(
        HttpStatus.TOO_MANY_REQUESTS, "rate-limited", detail, Map.of("retryAfterSeconds", seconds), headers);
  }

  public HttpStatus status() {
    return status;
  }

  public HttpHeaders headers() {
    return headers;
  }

  /** The response that answers with this problem: status, headers (e.g. Retry-After) and body. */
  public org.springframework.http.ResponseEntity<ProblemDetail> toResponse() {
    return org.springframework.http.ResponseEntity.status(status).headers(headers).body(toProblemDetail());
  }

  public ProblemDetail toProblemDetail() {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, getMessage());
    problem.setType(ProblemTypes.of(slug));
    properties.forEach(problem::setProperty);
    return problem;
  }
}
