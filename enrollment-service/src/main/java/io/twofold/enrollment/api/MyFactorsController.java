package io.twofold.enrollment.api;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.twofold.enrollment.app.BackupCodeService;
import io.twofold.enrollment.app.FactorEnrollment;
import io.twofold.enrollment.app.FactorManagement;
import io.twofold.enrollment.app.NewTotp;
import io.twofold.enrollment.code.Destinations;
import io.twofold.enrollment.domain.Factor;
import io.twofold.enrollment.domain.FactorType;
import io.twofold.platform.security.Caller;
import io.twofold.platform.web.ProblemException;
import jakarta.validation.Valid;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * A user's own factors. Every path acts on the token's subject only; there is no user id to
 * change in the URL. An enrollment-only token ({@code twofold.enroll}) may use all of it.
 */
@RestController
@RequestMapping("/api/v1/me")
@Tag(name = "My factors")
public class MyFactorsController {

  private final FactorEnrollment enrollment;
  private final FactorManagement management;
  private final BackupCodeService backupCodes;

  public MyFactorsController(FactorEnrollment enrollment, FactorManagement management, BackupCodeService backupCodes) {
    this.enrollment = enrollment;
    this.management = management;
    this.backupCodes = backupCodes;
  }

  @GetMapping("/factors")
  @Operation(summary = "My factors (public data) and how many backup codes I have left")
  public Map<String, Object> list(Caller caller, Locale locale) {
    String userId = Users.of(caller, locale).userId();
    return Map.of("factors", management.list(userId).stream().map(FactorDto::of).toList(),
        "backupCodesLeft", management.backupCodesLeft(userId));
  }

  @PostMapping("/factors")
  @ResponseStatus(HttpStatus.CREATED)
  @Operation(summary = "Start enrolling a factor. TOTP: the secret, otpauth URI and QR code, shown this once."
      + " SMS and EMAIL: a confirmation code is sent (obeys the send period: 429 with Retry-After).")
  public Map<String, Object> create(@Valid @RequestBody Requests.NewFactor body, Caller caller, Locale locale) {
    var user = Users.of(caller, locale);
    return switch (body.type()) {
      case TOTP -> {
        NewTotp created = enrollment.createTotp(user, label(body.label(), "Authenticator app"), caller.userId());
        yield Map.of(
            "factor", FactorDto.of(created.factor()),
            "secret", created.secretBase32(),
            "otpauthUri", created.otpauthUri(),
            "qrPng", Base64.getEncoder().encodeToString(created.qrPng()));
      }
      case SMS -> {
        String phone = Destinations.phoneE164(body.phoneNumber()).orElseThrow(() -> invalid("phoneNumber",
            "must be a valid phone number in international format, e.g. +380501234512"));
        yield Map.of("factor", FactorDto.of(
            enrollment.createWithCode(user, FactorType.SMS, label(body.label(), "Phone"), phone)));
      }
      case EMAIL -> {
        String email = Destinations.email(body.email())
            .orElseThrow(() -> invalid("email", "must be a valid email address"));
        yield Map.of("factor", FactorDto.of(
            enrollment.createWithCode(user, FactorType.EMAIL, label(body.label(), "Email"), email)));
      }
    };
  }

  @PostMapping("/factors/{factorId}/confirmation-code")
  @ResponseStatus(HttpStatus.ACCEPTED)
  @Operation(summary = "Send a new confirmation code (obeys the send period: 429 with Retry-After)")
  public void resend(@PathVariable String factorId, Caller caller, Locale locale) {
    enrollment.resendCode(Users.of(caller, locale), factorId);
  }

  @PostMapping("/factors/{factorId}/confirmation")
  @Operation(summary = "Confirm a factor with a code from the app, the SMS or the email")
  public FactorDto confirm(@PathVariable String factorId, @Valid @RequestBody Requests.Confirmation body,
      Caller caller, Locale locale) {
    Factor factor = enrollment.confirm(Users.of(caller, locale), factorId, body.code());
    return FactorDto.of(factor);
  }

  @PostMapping("/factors/{factorId}/default")
  @Operation(summary = "Make a confirmed factor the one offered first")
  public FactorDto makeDefault(@PathVariable String factorId, Caller caller, Locale locale) {
    return FactorDto.of(management.makeDefault(Users.of(caller, locale).userId(), factorId));
  }

  @DeleteMapping("/factors/{factorId}")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  @Operation(summary = "Remove a factor (not the last one while 2FA is enforced)")
  public void remove(@PathVariable String factorId, Caller caller, Locale locale) {
    management.remove(Users.of(caller, locale), factorId);
  }

  @PostMapping("/backup-codes")
  @ResponseStatus(HttpStatus.CREATED)
  @Operation(summary = "Generate backup codes, replacing any earlier ones; shown this once")
  public Map<String, List<String>> generateBackupCodes(Caller caller, Locale locale) {
    return Map.of("codes", backupCodes.generate(Users.of(caller, locale)));
  }

  private static String label(String label, String fallback) {
    return label == null || label.isBlank() ? fallback : label.trim();
  }

  private static ProblemException invalid(String field, String message) {
    return ProblemException.invalidFields(List.of(ProblemException.fieldError(field, message)));
  }
}
