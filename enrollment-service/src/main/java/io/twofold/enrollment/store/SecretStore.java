package io.twofold.enrollment.store;

import static org.springframework.data.mongodb.core.query.Criteria.where;

import io.twofold.platform.crypto.KeyRing;
import io.twofold.platform.crypto.SealedValue;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Predicate;
import org.bson.Document;
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

  public static final String COLLECTION = "factor_secrets";

  private final MongoTemplate mongo;
  private final KeyRing totpKeys;

  public SecretStore(MongoTemplate mongo, KeyRing totpKeys) {
    this.mongo = mongo;
    this.totpKeys = totpKeys;
  }

  /** The secret of a new TOTP factor, kept until {@code pendingUntil} unless the factor is confirmed. */
  public void saveTotpSecret(String factorId, String userId, byte[] secret, Instant pendingUntil) {
    SealedValue sealed = totpKeys.seal(secret, aad(factorId));
    mongo.insert(new SecretDocument(factorId, userId, sealed.keyId(), new Binary(sealed.nonce()),
        new Binary(sealed.ciphertext()), null, null, null, null, null, pendingUntil, java.util.List.of()));
  }

  /** The factor was confirmed: its secrets no longer expire with the pending factor. */
  public void keep(String factorId) {
    mongo.updateFirst(new Query(where("_id").is(factorId)), new Update().unset("pendingUntil"), SecretDocument.class);
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

  /** A code sent to a factor: the one that confirms a new factor, or a step-up code of an active one. */
  public enum SentCode {
    CONFIRMATION("confirmationCodeHash", "confirmationExpiresAt"),
    STEP_UP("stepUpCodeHash", "stepUpExpiresAt");

    private final String hashField;
    private final String expiryField;

    SentCode(String hashField, String expiryField) {
      this.hashField = hashField;
      this.expiryField = expiryField;
    }
  }

  /**
   * Replaces any pending confirmation code (a resend sends a new one); kept as long as the factor is
   * pending.
   *
   * @param event the id of the code request this code's write is the proof of
   */
  public void setConfirmationCode(String factorId, String userId, String codeHash, Instant expiresAt,
      Instant pendingUntil, String event) {
    set(SentCode.CONFIRMATION, factorId, userId, codeHash, expiresAt,
        new Update().set("pendingUntil", pendingUntil).push(io.twofold.platform.outbox.Outbox.MARKS, event));
  }

  /** Replaces any step-up code sent to this (active) factor. */
  public void setStepUpCode(String factorId, String userId, String codeHash, Instant expiresAt, String event) {
    set(SentCode.STEP_UP, factorId, userId, codeHash, expiresAt,
        new Update().push(io.twofold.platform.outbox.Outbox.MARKS, event));
  }

  /**
   * Uses the code sent to a factor if it has not expired and {@code matches} its hash: consumed
   * atomically, so of parallel uses of the same code exactly one succeeds.
   */
  public boolean use(SentCode which, String factorId, Predicate<String> matches, Instant now) {
    Document stored = mongo.findById(factorId, Document.class, COLLECTION);
    if (stored == null || stored.getString(which.hashField) == null || stored.getDate(which.expiryField) == null
        || !stored.getDate(which.expiryField).toInstant().isAfter(now)) {
      return false;
    }
    String hash = stored.getString(which.hashField);
    return matches.test(hash) && mongo.updateFirst(
        new Query(where("_id").is(factorId).and(which.hashField).is(hash)),
        new Update().unset(which.hashField).unset(which.expiryField), SecretDocument.class).getModifiedCount() == 1;
  }

  private void set(SentCode which, String factorId, String userId, String codeHash, Instant expiresAt, Update update) {
    mongo.upsert(new Query(where("_id").is(factorId)),
        update.set("userId", userId).set(which.hashField, codeHash).set(which.expiryField, expiresAt),
        SecretDocument.class);
  }

  public void remove(String factorId) {
    mongo.remove(new Query(where("_id").is(factorId)), SecretDocument.class);
  }

  public void removeAll(String userId) {
    mongo.remove(new Query(where("userId").is(userId)), SecretDocument.class);
  }

  public void removeAll(java.util.Collection<String> factorIds) {
    mongo.remove(new Query(where("_id").in(factorIds)), SecretDocument.class);
  }

  private static byte[] aad(String factorId) {
    return ("totp:" + factorId).getBytes(StandardCharsets.UTF_8);
  }

}
