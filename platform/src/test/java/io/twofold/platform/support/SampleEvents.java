package io.twofold.platform.support;

import io.twofold.schemas.Topic;
import io.twofold.schemas.Topics;
import io.twofold.schemas.challenge.AvailableProvider;
import io.twofold.schemas.challenge.ChallengeEvent;
import io.twofold.schemas.challenge.ChallengeRequest;
import io.twofold.schemas.challenge.ChallengeState;
import io.twofold.schemas.challenge.LockoutEvent;
import io.twofold.schemas.challenge.LockoutState;
import io.twofold.schemas.common.Authority;
import io.twofold.schemas.common.Channel;
import io.twofold.schemas.common.CodePurpose;
import io.twofold.schemas.common.EventMetadata;
import io.twofold.schemas.common.ProviderType;
import io.twofold.schemas.delivery.CodeRequest;
import io.twofold.schemas.delivery.DeliveryEvent;
import io.twofold.schemas.delivery.DeliveryStatus;
import io.twofold.schemas.delivery.EncryptedCode;
import io.twofold.schemas.enrollment.FactorChange;
import io.twofold.schemas.enrollment.FactorEvent;
import io.twofold.schemas.policy.EnforcedUsersFilter;
import io.twofold.schemas.policy.EnforcedUsersFilterType;
import io.twofold.schemas.policy.PolicySnapshot;
import io.twofold.schemas.policy.ProviderConfig;
import io.twofold.schemas.policy.TwoFaSettings;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;

/** One fully populated sample of every event type, keyed as its topic expects. */
public final class SampleEvents {

  /** An event with the topic it belongs on and its record key. */
  public record Sample(Topic<String, ?> topic, String key, SpecificRecord value) {
    @Override
    public String toString() {
      return value.getClass().getSimpleName();
    }
  }

  private SampleEvents() {}

  public static List<Sample> all() {
    String user = "user-" + UUID.randomUUID();
    Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    return List.of(
        new Sample(Topics.CHALLENGE_REQUESTS, user, challengeRequest(user)),
        new Sample(Topics.CHALLENGES, user, ChallengeEvent.newBuilder()
            .setMetadata(metadata("t-1"))
            .setChallengeId("ch-1")
            .setUserId(user)
            .setState(ChallengeState.ISSUED)
            .setAvailableProviders(List.of(
                AvailableProvider.newBuilder().setProviderType(ProviderType.EMAIL)
                    .setMaskedDestination("j***@example.com").setFactorId("f-email").setLabel("Work mail").build(),
                AvailableProvider.newBuilder().setProviderType(ProviderType.TOTP).setFactorId("f-app").build()))
            .setDefaultProvider(ProviderType.EMAIL)
            .setExpiresAt(now.plusSeconds(3600))
            .build()),
        new Sample(Topics.CODE_REQUESTS, user, CodeRequest.newBuilder()
            .setMetadata(metadata("t-1"))
            .setRequestId("req-1")
            .setUserId(user)
            .setChallengeId("ch-1")
            .setPurpose(CodePurpose.LOGIN)
            .setChannel(Channel.SMS)
            .setDestination("+380501234512")
            .setEncryptedCode(new EncryptedCode("k1", ByteBuffer.wrap(new byte[12]), ByteBuffer.wrap(new byte[22])))
            .setMessageTemplate("Verification code: ${code}")
            .setTemplateParameters(Map.of("userEmail", "jane@example.com"))
            .setLocale("de")
            .setExpiresAt(now.plusSeconds(120))
            .build()),
        new Sample(Topics.DELIVERIES, user, DeliveryEvent.newBuilder()
            .setMetadata(metadata("t-1"))
            .setRequestId("req-1")
            .setUserId(user)
            .setChallengeId("ch-1")
            .setPurpose(CodePurpose.LOGIN)
            .setChannel(Channel.SMS)
            .setStatus(DeliveryStatus.RETRYING)
            .setProvider("twilio")
            .setAttempt(2)
            .setErrorClass("HTTP_429")
            .setNextAttemptAt(now.plusSeconds(4))
            .build()),
        new Sample(Topics.FACTORS, user, FactorEvent.newBuilder()
            .setMetadata(metadata("t-1"))
            .setUserId(user)
            .setChange(FactorChange.BACKUP_CODE_USED)
            .setFactorId("f-1")
            .setFactorType(ProviderType.BACKUP_CODE)
            .setBackupCodesLeft(9)
            .build()),
        new Sample(Topics.POLICIES, Topics.SYSTEM_POLICY_KEY, PolicySnapshot.newBuilder()
            .setMetadata(metadata(null))
            .setScopeKey(Topics.SYSTEM_POLICY_KEY)
            .setVersion(7)
            .setSettings(TwoFaSettings.newBuilder()
                .setProviders(List.of(
                    ProviderConfig.newBuilder().setProviderType(ProviderType.TOTP).setIssuerName("Twofold").build(),
                    ProviderConfig.newBuilder().setProviderType(ProviderType.SMS)
                        .setVerificationCodeLifetime(120)
                        .setSmsVerificationMessageTemplate("Verification code: ${code}").build()))
                .setMinVerificationCodeSendPeriod(30)
                .setVerificationCodeCheckRateLimit("3:900")
                .setMaxVerificationFailuresBeforeUserLockout(30)
                .setTotalAllowedTimeForVerification(3600)
                .setEnforceTwoFa(true)
                .setEnforcedUsersFilter(new EnforcedUsersFilter(
                    EnforcedUsersFilterType.TENANT_ADMINISTRATORS, List.of("t-1"), List.of()))
                .build())
            .build()),
        new Sample(Topics.LOCKOUTS, user, lockout(user, "max-verification-failures")));
  }

  public static ChallengeRequest challengeRequest(String user) {
    return ChallengeRequest.newBuilder()
        .setMetadata(metadata("t-1"))
        .setChallengeId("ch-" + UUID.randomUUID())
        .setUserId(user)
        .setTenantProfileId("profile-1")
        .setAuthority(Authority.TENANT_ADMIN)
        .setUserEmail("jane@example.com")
        .setLocale("en")
        .setClientIp("203.0.113.7")
        .setRequestedProvider(ProviderType.SMS)
        .build();
  }

  public static LockoutEvent lockout(String user, String reason) {
    return LockoutEvent.newBuilder()
        .setMetadata(metadata("t-1"))
        .setUserId(user)
        .setState(LockoutState.LOCKED)
        .setReason(reason)
        .setFailures(30)
        .build();
  }

  public static EventMetadata metadata(String tenant) {
    return EventMetadata.newBuilder()
        .setEventId(UUID.randomUUID())
        .setOccurredAt(Instant.now().truncatedTo(ChronoUnit.MILLIS))
        .setTenantId(tenant)
        .setProducer("platform-test")
        .build();
  }
}
