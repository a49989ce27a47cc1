package io.twofold.delivery.api;

import com.sendgrid.helpers.eventwebhook.EventWebhook;
import com.twilio.security.RequestValidator;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.twofold.delivery.app.ReceiptHandler;
import io.twofold.delivery.config.DeliveryProperties;
import io.twofold.delivery.provider.SendGridEmailSender;
import io.twofold.delivery.store.DeliveryJobStore;
import io.twofold.platform.security.Allow;
import io.twofold.platform.security.Permission;
import io.twofold.platform.web.ProblemException;
import jakarta.servlet.http.HttpServletRequest;
import java.security.Security;
import java.security.interfaces.ECPublicKey;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Delivery receipts from the providers, who hold no Twofold token: each request must carry its
 * provider's signature, checked with the provider's own SDK helper (Twilio's
 * {@link RequestValidator}, SendGrid's {@link EventWebhook}) before anything in it is read. An
 * unsigned or forged request gets 401 and changes nothing, whatever bearer token it carries.
 */
@RestController
@RequestMapping("/receipts")
@Allow(Permission.REPORT_DELIVERY_RECEIPTS)
@Tag(name = "Delivery receipts", description = "Status callbacks of Twilio and SendGrid's event webhook")
public class ReceiptController {

  private static final Logger log = LoggerFactory.getLogger(ReceiptController.class);
  private static final Set<String> TWILIO_UNDELIVERED = Set.of("undelivered", "failed");
  private static final Set<String> SENDGRID_UNDELIVERED = Set.of("bounce", "dropped");
  /** SendGrid's names, as its SDK's {@code EventWebhookHeader} spells them. */
  static final String SIGNATURE_HEADER = "X-Twilio-Email-Event-Webhook-Signature";
  static final String TIMESTAMP_HEADER = "X-Twilio-Email-Event-Webhook-Timestamp";

  private final ReceiptHandler receipts;
  private final DeliveryJobStore jobs;
  private final JsonMapper json;
  private final String twilioCallback;
  private final RequestValidator twilio;
  private final ECPublicKey sendgridKey;

  public ReceiptController(ReceiptHandler receipts, DeliveryJobStore jobs, JsonMapper json,
      DeliveryProperties properties) {
    this.receipts = receipts;
    this.jobs = jobs;
    this.json = json;
    this.twilioCallback = properties.receipts().twilioCallback();
    String authToken = properties.twilio().authToken();
    this.twilio = twilioCallback == null || authToken == null || authToken.isBlank() ? null
        : new RequestValidator(authToken);
    this.sendgridKey = sendgridKey(properties.receipts().sendgridVerificationKey());
  }

  @PostMapping("/twilio")
  @Operation(summary = "Twilio's status callback for an SMS (form-encoded, signed with X-Twilio-Signature)")
  public ResponseEntity<Void> twilio(HttpServletRequest request,
      @RequestHeader(name = "X-Twilio-Signature", required = false) String signature) {
    Map<String, String> form = new TreeMap<>();
    request.getParameterMap().forEach((name, values) -> form.put(name, values.length == 0 ? "" : values[0]));
    if (twilio == null || signature == null || !twilio.validate(twilioCallback, form, signature)) {
      throw unsigned("Twilio");
    }
    String sid = form.get("MessageSid");
    String status = form.getOrDefault("MessageStatus", "").toLowerCase(java.util.Locale.ROOT);
    if (sid == null || status.isEmpty()) {
      throw ProblemException.badRequest("receipt-incomplete", "a status callback needs MessageSid and MessageStatus");
    }
    receipts.received("twilio", status, TWILIO_UNDELIVERED.contains(status), form.get("ErrorCode"),
        jobs.findSent("twilio", sid));
    return ResponseEntity.noContent().build();
  }

  @PostMapping("/sendgrid")
  @Operation(summary = "SendGrid's signed event webhook: a JSON array of events (ECDSA signature and timestamp"
      + " headers)")
  public ResponseEntity<Void> sendgrid(@RequestBody(required = false) byte[] body,
      @RequestHeader(name = SIGNATURE_HEADER, required = false) String signature,
      @RequestHeader(name = TIMESTAMP_HEADER, required = false) String timestamp) {
    if (sendgridKey == null || body == null || signature == null || timestamp == null
        || !verified(body, signature, timestamp)) {
      throw unsigned("SendGrid");
    }
    JsonNode events;
    try {
      events = json.readTree(body);
    } catch (RuntimeException unreadable) {
      throw ProblemException.badRequest("receipt-unreadable", "the event webhook's body is not JSON");
    }
    if (!events.isArray()) {
      throw ProblemException.badRequest("receipt-unreadable", "the event webhook's body is not a JSON array");
    }
    for (JsonNode event : events) {
      String type = event.path("event").asString("").toLowerCase(java.util.Locale.ROOT);
      String requestId = event.path(SendGridEmailSender.REQUEST_ID_ARGUMENT).asString(null);
      Optional<io.twofold.delivery.store.DeliveryJob> about = requestId == null ? Optional.empty()
          : jobs.find(requestId);
      receipts.received("sendgrid", type, SENDGRID_UNDELIVERED.contains(type), null, about);
    }
    return ResponseEntity.noContent().build();
  }

  private boolean verified(byte[] body, String signature, String timestamp) {
    try {
      return new EventWebhook().VerifySignature(sendgridKey, body, signature, timestamp);
    } catch (Exception malformed) {
      return false; // a signature that is not base64 or not DER is no signature
    }
  }

  private static ProblemException unsigned(String provider) {
    log.warn("a delivery receipt without a valid {} signature was refused", provider);
    return new ProblemException(HttpStatus.UNAUTHORIZED, "receipt-unsigned",
        "a delivery receipt must carry " + provider + "'s valid signature");
  }

  private static ECPublicKey sendgridKey(String base64) {
    if (base64 == null || base64.isBlank()) {
      return null;
    }
    if (Security.getProvider(BouncyCastleProvider.PROVIDER_NAME) == null) {
      Security.addProvider(new BouncyCastleProvider()); // the verifier asks for "BC" by name
    }
    try {
      return new EventWebhook().ConvertPublicKeyToECDSA(base64.strip());
    } catch (Exception unreadable) {
      throw new IllegalStateException("twofold.delivery.receipts.sendgrid-verification-key is not the base64 public"
          + " key SendGrid's signed event webhook shows", unreadable);
    }
  }
}
