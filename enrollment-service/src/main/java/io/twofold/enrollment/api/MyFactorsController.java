package io.twofold.enrollment.api;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.twofold.enrollment.app.BackupCodeService;
import io.twofold.enrollment.app.EnrollingUser;
import io.twofold.enrollment.app.FactorEnrollment;
import io.twofold.enrollment.app.FactorManagement;
import io.twofold.enrollment.app.NewTotp;
import io.twofold.enrollment.app.StepUp;
import io.twofold.enrollment.code.Destinations;
import io.twofold.enrollment.domain.FactorType;
import io.twofold.platform.security.Allow;
import io.twofold.platform.security.Permission;
import io.twofold.platform.web.ProblemException;
import jakarta.validation.Valid;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * A user's own factors. Every path acts on the token's subject only; there is no user id to change
 * in the URL. Each handler's {@link Allow} permission also decides, through {@link
 * io.twofold.enrollment.app.AccountGate}, whether an enrollment-only token may use it (only until its
 * user has an active factor) and whether an enrolled user needs a step-up grant ({@value
 * StepUp#HEADER} header).
 */
@RestController
@RequestMapping("/api/v1/me")
@Tag(name = "My factors")
public class MyFactorsController {

  private final FactorEnrollment enrollment;
  private final FactorManagement management;
  private final BackupCodeService backupCodes;
  private final java.time.Clock clock;

  public MyFactorsController(FactorEnrollment enrollment, FactorManagement management, BackupCodeService backupCodes,
      java.time.Clock clock) {
    this.clock = clock;
    this.enrollment = enrollment;
    this.management = management;
    this.backupCodes = backupCodes;
  }

  @GetMapping("/factors")
  @Allow(Permission.READ_OWN_FACTORS)
  @Operation(summary = "My factors (public data) and how many backup codes I have left")
  public Map<String, Object> list(EnrollingUser user) {
    return Map.of("factors", management.list(user.userId()).stream().map(FactorDto::of).toList(),
        "backupCodesLeft", management.backupCodesLeft(user.userId()));
  }

  @PostMapping("/factors")
  @Allow(Permission.ADD_OWN_FACTOR)
  @ResponseStatus(HttpStatus.CREATED)
  @Operation(summary = "Start enrolling a factor. TOTP: the secret, otpauth URI and QR code, shown this once."
      + " SMS and EMAIL: a confirmation code is sent (obeys the send period: 429 with Retry-After).",
      parameters = @Parameter(in = ParameterIn.HEADER, name = StepUp.HEADER,
          description = "A step-up grant; required once the user has an active factor"))
  public Map<String, Object> create(@Valid @RequestBody Requests.NewFactor body, EnrollingUser user) {
    return switch (body.type()) {
      case TOTP -> {
        NewTotp created = enrollment.createTotp(user, label(body.label(), "Authenticator app"), user.userId());
        yield Map.of(
            "factor", FactorDto.of(created.factor()),
            "secret", created.secretBase32(),
            "otpauthUri", created.otpauthUri(),
            "qrPng", Base64.getEncoder().encodeToString(created.qrPng()));
      }
      case SMS -> {
        String phone = Destinations.phoneE164(body.phoneNumber()).orElseThrow(() -> invalid("phoneNumber",
            "must be a valid phone number in international format, e.g. +380501234512"));
        if (!Destinations.receivesCodes(phone)) {
          throw invalid("phoneNumber", "must be a mobile number: premium-rate, shared-cost, toll-free, VoIP,"
              + " personal, pager and landline numbers do not receive codes");
        }
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
  @Allow(Permission.CONFIRM_OWN_FACTOR)
  @ResponseStatus(HttpStatus.ACCEPTED)
  @Operation(summary = "Send a new confirmation code (obeys the send period: 429 with Retry-After)")
  public void resend(@PathVariable String factorId, EnrollingUser user) {
    enrollment.resendCode(user, factorId);
  }

  @PostMapping("/factors/{factorId}/confirmation")
  @Allow(Permission.CONFIRM_OWN_FACTOR)
  @Operation(summary = "Confirm a factor with a code from the app, the SMS or the email. The answer carries a"
      + " step-up grant (stepUpToken): confirming a factor proves it, e.g. for making backup codes next.")
  public FactorDto confirm(@PathVariable String factorId, @Valid @RequestBody Requests.Confirmation body,
      EnrollingUser user) {
    FactorEnrollment.Confirmed confirmed = enrollment.confirm(user, factorId, body.code(), body.challengeId());
    return FactorDto.of(confirmed.factor()).withStepUp(confirmed.grant());
  }

  @PostMapping("/factors/{factorId}/default")
  @Allow(Permission.CHOOSE_DEFAULT_FACTOR)
  @Operation(summary = "Make a confirmed factor the one offered first")
  public FactorDto makeDefault(@PathVariable String factorId, EnrollingUser user) {
    return FactorDto.of(management.makeDefault(user.userId(), factorId));
  }

  @DeleteMapping("/factors/{factorId}")
  @Allow(Permission.CHANGE_OWN_FACTORS)
  @ResponseStatus(HttpStatus.NO_CONTENT)
  @Operation(summary = "Remove a factor (not the last one while 2FA is enforced)",
      parameters = @Parameter(in = ParameterIn.HEADER, name = StepUp.HEADER, required = true,
          description = "A step-up grant"))
  public void remove(@PathVariable String factorId, EnrollingUser user) {
    management.remove(user, factorId);
  }

  @PostMapping("/backup-codes")
  @Allow(Permission.CHANGE_OWN_FACTORS)
  @ResponseStatus(HttpStatus.CREATED)
  @Operation(summary = "Generate backup codes, replacing any earlier ones; shown this once",
      parameters = @Parameter(in = ParameterIn.HEADER, name = StepUp.HEADER, required = true,
          description = "A step-up grant"))
  public Map<String, List<String>> generateBackupCodes(EnrollingUser user) {
    return Map.of("codes", backupCodes.generate(user));
  }

  /**
   * The same, as the text file an account page offers to download ({@code ?format=text}) or the
   * page it opens to print ({@code ?format=html}): the codes are shown this once, so the format is
   * chosen when they are made. Responses are never cached (Spring Security's headers).
   */
  @PostMapping(path = "/backup-codes", params = "format")
  @Allow(Permission.CHANGE_OWN_FACTORS)
  @Operation(summary = "Generate backup codes as a text file to download (format=text) or a page to print (format=html)",
      parameters = @Parameter(in = ParameterIn.HEADER, name = StepUp.HEADER, required = true,
          description = "A step-up grant"))
  public ResponseEntity<String> generateBackupCodesAsDocument(@RequestParam BackupCodeDocuments.Format format,
      EnrollingUser user) {
    List<String> codes = backupCodes.generate(user);
    return switch (format) {
      case html -> ResponseEntity.status(HttpStatus.CREATED).contentType(new MediaType(MediaType.TEXT_HTML, UTF_8))
          .body(BackupCodeDocuments.printablePage(codes, clock.instant()));
      case text -> ResponseEntity.status(HttpStatus.CREATED).contentType(new MediaType(MediaType.TEXT_PLAIN, UTF_8))
          .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"backup-codes.txt\"")
          .body(BackupCodeDocuments.textFile(codes, clock.instant()));
    };
  }

  private static String label(String label, String fallback) {
    return label == null || label.isBlank() ? fallback : label.trim();
  }

  private static ProblemException invalid(String field, String message) {
    return ProblemException.invalidFields(List.of(ProblemException.fieldError(field, message)));
  }
}
