package io.twofold.enrollment.store;

import static org.springframework.data.mongodb.core.query.Criteria.where;

import io.twofold.platform.crypto.KeyRing;
import io.twofold.platform.crypto.SealedValue;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import org.bson.types.Binary;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;

/**
 * Factors' secret data. TOTP secrets are sealed with the TOTP key ring, bound to their factor id;
 * confirmation codes are stored only as peppered hashes. Nothing here is ever returned by an API.
 */
public class SecretStore {

  private final MongoTemplate mongo;
  private final KeyRing totpKeys;

  public SecretStore(MongoTemplate mongo, KeyRing totpKeys) {
    this.mongo = mongo;
    this.totpKeys = totpKeys;
  }

  public void saveTotpSecret(String factorId, String userId, byte[] secret) {
    SealedValue sealed = totpKeys.seal(secret, aad(factorId));
    mongo.insert(new SecretDocument(factorId, userId, sealed.keyId(), new Binary(sealed.nonce()),
        new Binary(sealed.ciphertext()), null, null, null));
  }

  public Optional<byte[]> totpSecret(String factorId) {
    SecretDocument document = mongo.findById(factorId, SecretDocument.class);
    if (document == null || document.totpCiphertext() == null) {
      return Optional.empty();
    }
    return Optional.of(totpKeys.open(new SealedValue(document.totpKeyId(), document.totpNonce().getData(),
        document.totpCiphertext().getData()), aad(factorId)));
  }

  /**
   * Accepts a TOTP time step only if it is later than every step accepted before: one atomic
   * conditional update, so the same code sent twice in parallel is accepted once.
   */
  public boolean acceptTotpStep(String factorId, long step) {
    Criteria earlier = new Criteria().orOperator(
        where("lastAcceptedStep").is(null), where("lastAcceptedStep").lt(step));
    return mongo.updateFirst(new Query(where("_id").is(factorId).andOperator(earlier)),
        new Update().set("lastAcceptedStep", step), SecretDocument.class).getModifiedCount() == 1;
  }

  /** Replaces any pending confirmation code (a resend sends a new one). */
  public void setConfirmationCode(String factorId, String userId, String codeHash, Instant expiresAt) {
    mongo.upsert(new Query(where("_id").is(factorId)),
        new Update().set("userId", userId).set("confirmationCodeHash", codeHash)
            .set("confirmationExpiresAt", expiresAt),
        SecretDocument.class);
  }

  public Optional<PendingCode> confirmationCode(String factorId) {
    SecretDocument document = mongo.findById(factorId, SecretDocument.class);
    if (document == null || document.confirmationCodeHash() == null) {
      return Optional.empty();
    }
    return Optional.of(new PendingCode(document.confirmationCodeHash(), document.confirmationExpiresAt()));
  }

  /** Consumes the pending code atomically: true for exactly one caller holding that hash. */
  public boolean consumeConfirmationCode(String factorId, String codeHash) {
    return mongo.updateFirst(new Query(where("_id").is(factorId).and("confirmationCodeHash").is(codeHash)),
        new Update().unset("confirmationCodeHash").unset("confirmationExpiresAt"),
        SecretDocument.class).getModifiedCount() == 1;
  }

  public void remove(String factorId) {
    mongo.remove(new Query(where("_id").is(factorId)), SecretDocument.class);
  }

  public void removeAll(String userId) {
    mongo.remove(new Query(where("userId").is(userId)), SecretDocument.class);
  }

  private static byte[] aad(String factorId) {
    return ("totp:" + factorId).getBytes(StandardCharsets.UTF_8);
  }

  /** A confirmation code waiting for its factor to be confirmed. */
  public record PendingCode(String hash, Instant expiresAt) {}
}
