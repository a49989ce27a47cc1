package io.twofold.bench;

import io.twofold.enrollment.backup.BackupCodes;
import io.twofold.enrollment.totp.TotpSecret;
import io.twofold.enrollment.totp.TotpVerifier;
import io.twofold.platform.crypto.CodeSealer;
import io.twofold.platform.crypto.KeyRing;
import io.twofold.platform.crypto.PepperedHasher;
import io.twofold.schemas.common.Channel;
import io.twofold.schemas.common.CodePurpose;
import io.twofold.schemas.common.EventMetadata;
import io.twofold.schemas.delivery.CodeRequest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The hot paths of a sign-in, with the production classes: TOTP verification (three HMAC-SHA-1
 * candidates, constant-time comparison), a login code's generation and sealing, a backup code's
 * peppered hash, and the Avro encoding of a CodeRequest. Times per operation, one thread.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class HotPathBenchmarks {

  private final SecureRandom random = new SecureRandom();
  private final TotpVerifier totp = new TotpVerifier();
  private byte[] totpSecret;
  private String currentTotp;
  private CodeSealer sealer;
  private PepperedHasher hasher;
  private String backupCode;
  private CodeRequest codeRequest;
  private final SpecificDatumWriter<CodeRequest> writer = new SpecificDatumWriter<>(CodeRequest.class);
  private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(512);
  private BinaryEncoder encoder;

  @Setup
  public void setUp() {
    totpSecret = TotpSecret.generate(random);
    currentTotp = totp.codeAt(totpSecret, TotpVerifier.step(Instant.now()));
    byte[] key = new byte[32];
    random.nextBytes(key);
    sealer = new CodeSealer(KeyRing.fromBase64(Map.of("k1", Base64.getEncoder().encodeToString(key)), "k1", random));
    hasher = new PepperedHasher(key);
    backupCode = BackupCodes.generate(1, random).get(0);
    String requestId = UUID.randomUUID().toString();
    codeRequest = CodeRequest.newBuilder()
        .setMetadata(EventMetadata.newBuilder().setEventId(UUID.randomUUID()).setOccurredAt(Instant.now())
            .setTenantId("tenant-1").setProducer("challenge-service").build())
        .setRequestId(requestId).setUserId("user-1").setChallengeId("challenge-1").setPurpose(CodePurpose.LOGIN)
        .setChannel(Channel.SMS).setDestination("+380501234512").setEncryptedCode(sealer.seal("123456", requestId))
        .setMessageTemplate("Verification code: ${code}").setLocale("en").setExpiresAt(Instant.now().plusSeconds(120))
        .build();
  }

  @Benchmark
  public Object totpVerification() {
    return totp.matchingStep(totpSecret, currentTotp, Instant.now());
  }

  @Benchmark
  public Object loginCodeGenerationAndSealing() {
    String code = String.format("%06d", random.nextInt(1_000_000));
    return sealer.seal(code, "request-1");
  }

  @Benchmark
  public String backupCodeHashing() {
    return hasher.hash(BackupCodes.normalize(backupCode));
  }

  @Benchmark
  public int codeRequestAvroEncoding() throws IOException {
    buffer.reset();
    encoder = EncoderFactory.get().binaryEncoder(buffer, encoder);
    writer.write(codeRequest, encoder);
    encoder.flush();
    return buffer.size();
  }
}
