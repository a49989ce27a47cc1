package io.twofold.challenge.app;

import io.twofold.platform.security.ServiceTokens;
import java.util.List;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

/** enrollment-service's internal API. Any failure is {@link EnrollmentUnavailable}: never a guess. */
public class EnrollmentClient {

  private final RestClient http;
  private final ServiceTokens tokens;

  public EnrollmentClient(RestClient http, ServiceTokens tokens) {
    this.http = http;
    this.tokens = tokens;
  }

  /**
   * A user's active factors, with destinations.
   *
   * @param backupCodesLeft null when not asked for, or when the user has no active factor
   */
  public record Factors(List<Factor> factors, Long backupCodesLeft) {

    public boolean hasBackupCodes() {
      return backupCodesLeft != null && backupCodesLeft > 0;
    }
  }

  public record Factor(String id, String type, String label, boolean isDefault, String destination,
      String maskedDestination) {}

  /** @param withBackupCodes whether to count the user's backup codes (a round trip in enrollment) */
  public Factors activeFactors(String userId, boolean withBackupCodes) {
    return call(() -> http.get().uri("/internal/v1/users/{userId}/factors?backupCodes={backupCodes}", userId,
            withBackupCodes)
        .headers(h -> h.setBearerAuth(tokens.current())).retrieve().body(Factors.class));
  }

  public boolean verifyTotp(String userId, String code) {
    return verified(post("/internal/v1/users/{userId}/totp-verifications", userId, code));
  }

  public boolean verifyBackupCode(String userId, String code) {
    return verified(post("/internal/v1/users/{userId}/backup-code-verifications", userId, code));
  }

  private Map<?, ?> post(String path, String userId, String code) {
    return call(() -> http.post().uri(path, userId).headers(h -> h.setBearerAuth(tokens.current()))
        .contentType(MediaType.APPLICATION_JSON).body(Map.of("code", code)).retrieve().body(Map.class));
  }

  private static boolean verified(Map<?, ?> answer) {
    return Boolean.TRUE.equals(answer.get("verified"));
  }

  private static <T> T call(java.util.function.Supplier<T> request) {
    try {
      T answer = request.get();
      if (answer == null) {
        throw new EnrollmentUnavailable("enrollment-service answered without a body", null);
      }
      return answer;
    } catch (RestClientException | IllegalStateException failure) {
      throw new EnrollmentUnavailable("enrollment-service could not be reached: " + failure.getMessage(), failure);
    }
  }

  /** Factors could not be read or a code could not be checked: challenges fail closed. */
  public static class EnrollmentUnavailable extends RuntimeException
      implements io.twofold.platform.kafka.TransientFailure, io.twofold.platform.kafka.Failures.Named {
    public EnrollmentUnavailable(String message, Throwable cause) {
      super(message, cause);
    }

    @Override
    public String unavailable() {
      return "enrollment";
    }
  }
}
