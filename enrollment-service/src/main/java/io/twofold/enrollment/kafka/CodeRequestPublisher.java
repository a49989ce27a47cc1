package io.twofold.enrollment.kafka;

import io.twofold.enrollment.domain.Factor;
import io.twofold.enrollment.domain.FactorType;
import io.twofold.enrollment.store.SecretStore;
import io.twofold.platform.crypto.CodeSealer;
import io.twofold.platform.kafka.EventMetadataFactory;
import io.twofold.platform.outbox.Outbox;
import io.twofold.platform.outbox.Proof;
import io.twofold.schemas.Topics;
import io.twofold.schemas.common.Channel;
import io.twofold.schemas.common.CodePurpose;
import io.twofold.schemas.delivery.CodeRequest;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Asks delivery to send a factor's confirmation code or a step-up code, through the outbox: the
 * request is stored before the code's hash is, with the factor's secret document as proof (the
 * code's write marks it). The code travels sealed, AAD = request id.
 */
@Component
public class CodeRequestPublisher {

  private final Outbox outbox;
  private final CodeSealer sealer;
  private final EventMetadataFactory metadata;

  public CodeRequestPublisher(Outbox outbox, CodeSealer sealer, EventMetadataFactory metadata) {
    this.outbox = outbox;
    this.sealer = sealer;
    this.metadata = metadata;
  }

  /** @param smsTemplate the policy's SMS template, or null for email */
  public Outbox.Pending confirmationCode(Factor factor, String code, String smsTemplate, String locale,
      Instant expiresAt) {
    return prepare(factor, CodePurpose.ENROLLMENT, code, smsTemplate, locale, expiresAt);
  }

  /** A code that proves the user still holds an active factor: worded as a sign-in code. */
  public Outbox.Pending stepUpCode(Factor factor, String code, String smsTemplate, String locale, Instant expiresAt) {
    return prepare(factor, CodePurpose.LOGIN, code, smsTemplate, locale, expiresAt);
  }

  public void release(Outbox.Pending... requests) {
    outbox.release(List.of(requests));
  }

  private Outbox.Pending prepare(Factor factor, CodePurpose purpose, String code, String smsTemplate, String locale,
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
    return outbox.prepare(Topics.CODE_REQUESTS, factor.userId(), request,
        new Proof.Marked(SecretStore.COLLECTION, factor.id()));
  }
}
