package io.twofold.enrollment.kafka;

import io.twofold.enrollment.domain.Factor;
import io.twofold.enrollment.domain.FactorType;
import io.twofold.platform.crypto.CodeSealer;
import io.twofold.platform.kafka.EventMetadataFactory;
import io.twofold.schemas.Topics;
import io.twofold.schemas.common.Channel;
import io.twofold.schemas.common.CodePurpose;
import io.twofold.schemas.delivery.CodeRequest;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * Asks delivery to send a factor's confirmation code or a step-up code. The code travels sealed,
 * AAD = request id.
 */
@Component
public class CodeRequestPublisher {

  private final KafkaTemplate<String, CodeRequest> kafka;
  private final CodeSealer sealer;
  private final EventMetadataFactory metadata;

  public CodeRequestPublisher(KafkaTemplate<String, CodeRequest> kafka, CodeSealer sealer, EventMetadataFactory metadata) {
    this.kafka = kafka;
    this.sealer = sealer;
    this.metadata = metadata;
  }

  /** @param smsTemplate the policy's SMS template, or null for email */
  public void confirmationCode(Factor factor, String code, String smsTemplate, String locale, Instant expiresAt) {
    send(factor, CodePurpose.ENROLLMENT, code, smsTemplate, locale, expiresAt);
  }

  /** A code that proves the user still holds an active factor: worded as a sign-in code. */
  public void stepUpCode(Factor factor, String code, String smsTemplate, String locale, Instant expiresAt) {
    send(factor, CodePurpose.LOGIN, code, smsTemplate, locale, expiresAt);
  }

  private void send(Factor factor, CodePurpose purpose, String code, String smsTemplate, String locale,
      Instant expiresAt) {
    String requestId = UUID.randomUUID().toString();
    CodeRequest request = CodeRequest.newBuilder()
        .setMetadata(metadata.create(factor.tenantId()))
        .setRequestId(requestId)
        .setUserId(factor.userId())
        .setFactorId(factor.id())
        .setPurpose(purpose)
        .setChannel(factor.type() == FactorType.SMS ? Channel.SMS : Channel.EMAIL)
        .setDestination(factor.destination())
        .setEncryptedCode(sealer.seal(code, requestId))
        .setMessageTemplate(factor.type() == FactorType.SMS ? smsTemplate : null)
        .setTemplateParameters(Map.of())
        .setLocale(locale)
        .setExpiresAt(expiresAt)
        .build();
    kafka.send(Topics.CODE_REQUESTS.name(), factor.userId(), request).join();
  }
}
