package io.twofold.challenge.store;

import static org.springframework.data.mongodb.core.query.Criteria.where;

import io.twofold.challenge.domain.ChallengeState;
import io.twofold.platform.crypto.SealedValue;
import io.twofold.platform.outbox.Outbox;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.bson.types.Binary;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

/** Challenges. State changes are conditional single-document updates: one winner per transition. */
@Component
public class ChallengeStore {

  private final MongoTemplate mongo;

  public ChallengeStore(MongoTemplate mongo) {
    this.mongo = mongo;
  }

  /** @return false if a challenge with this id exists already */
  public boolean insert(ChallengeDocument challenge) {
    try {
      mongo.insert(challenge);
      return true;
    } catch (DuplicateKeyException exists) {
      return false;
    }
  }

  public Optional<ChallengeDocument> find(String challengeId) {
    return Optional.ofNullable(mongo.findById(challengeId, ChallengeDocument.class));
  }

  /**
   * ISSUED → a final state; empty if the challenge was no longer ISSUED (someone else finished it).
   *
   * @param events the ids of the events this change is the proof of
   */
  public Optional<ChallengeDocument> finish(String challengeId, ChallengeState state, String reason, Instant now,
      List<String> events) {
    return Optional.ofNullable(mongo.findAndModify(
        new Query(where("_id").is(challengeId).and("state").is(ChallengeState.ISSUED)),
        marked(new Update().set("state", state).set("reason", reason).set("finishedAt", now)
            .unset("codeCiphertext").unset("codeNonce"), events),
        FindAndModifyOptions.options().returnNew(true), ChallengeDocument.class));
  }

  /**
   * Stores a new sealed code for a provider of an ISSUED challenge and makes it the current one.
   *
   * @param now when the code was asked to be sent
   * @param nextCodeAt when the send period lets the next code be asked for
   */
  public Optional<ChallengeDocument> setCode(String challengeId, String provider, String factorId, SealedValue code,
      Instant expiresAt, Instant now, Instant nextCodeAt, List<String> events) {
    return Optional.ofNullable(mongo.findAndModify(
        new Query(where("_id").is(challengeId).and("state").is(ChallengeState.ISSUED)),
        marked(new Update().set("codeKeyId", code.keyId()).set("codeNonce", new Binary(code.nonce()))
            .set("codeCiphertext", new Binary(code.ciphertext())).set("codeProvider", provider)
            .set("codeFactorId", factorId).set("codeExpiresAt", expiresAt).set("currentProvider", provider)
            .set("currentFactorId", factorId)
            .set("codeRequestedAt", now).set("nextCodeAt", nextCodeAt), events),
        FindAndModifyOptions.options().returnNew(true), ChallengeDocument.class));
  }

  /** ENROLLMENT_REQUIRED → VERIFIED by the factor the user just confirmed, while the challenge runs. */
  public Optional<ChallengeDocument> completeEnrollment(String challengeId, String factorType, Instant now,
      List<String> events) {
    return Optional.ofNullable(mongo.findAndModify(
        new Query(where("_id").is(challengeId).and("state").is(ChallengeState.ENROLLMENT_REQUIRED)
            .and("expiresAt").gt(now)),
        marked(new Update().set("state", ChallengeState.VERIFIED).set("reason", "enrolled")
            .set("currentProvider", factorType).set("finishedAt", now), events),
        FindAndModifyOptions.options().returnNew(true), ChallengeDocument.class));
  }

  /** The send period held a code back: when the login service may ask for one. */
  public Optional<ChallengeDocument> noteNextCode(String challengeId, Instant nextCodeAt) {
    return Optional.ofNullable(mongo.findAndModify(
        new Query(where("_id").is(challengeId).and("state").is(ChallengeState.ISSUED)),
        new Update().set("nextCodeAt", nextCodeAt),
        FindAndModifyOptions.options().returnNew(true), ChallengeDocument.class));
  }

  private static Update marked(Update update, List<String> events) {
    return events.isEmpty() ? update : update.push(Outbox.MARKS).each(events.toArray());
  }

  /**
   * A factor the user removed no longer answers the user's running challenges: its way is taken
   * out, and a code already sent to it stops working.
   */
  public void withdrawFactor(String userId, String factorId) {
    withdraw(userId, "codeFactorId", "factorId", factorId);
  }

  /** Takes a way of answering out of the user's running challenges (backup codes gone, 2FA reset). */
  public void withdrawProvider(String userId, String providerType) {
    withdraw(userId, "codeProvider", "type", providerType);
  }

  /** Voids the code sent through what matches, then pulls the matching option, in ISSUED challenges. */
  private void withdraw(String userId, String codeField, String optionField, String value) {
    mongo.updateMulti(new Query(running(userId).and(codeField).is(value)),
        new Update().unset("codeCiphertext").unset("codeNonce").unset("codeFactorId"), ChallengeDocument.class);
    mongo.updateMulti(new Query(running(userId).and("providers." + optionField).is(value)),
        new Update().pull("providers", new org.bson.Document(optionField, value)), ChallengeDocument.class);
  }

  private static Criteria running(String userId) {
    return where("userId").is(userId).and("state").is(ChallengeState.ISSUED);
  }

  /** "Try another way": the provider (and the factor of it) the user answers with now. */
  public Optional<ChallengeDocument> switchProvider(String challengeId, String provider, String factorId,
      List<String> events) {
    return Optional.ofNullable(mongo.findAndModify(
        new Query(where("_id").is(challengeId).and("state").is(ChallengeState.ISSUED)),
        marked(new Update().set("currentProvider", provider).set("currentFactorId", factorId), events),
        FindAndModifyOptions.options().returnNew(true), ChallengeDocument.class));
  }

  /** The valid code sent again by its provider (a resend), which is the current one now. */
  public Optional<ChallengeDocument> resendCode(String challengeId, String provider, String factorId, Instant now,
      Instant nextCodeAt, List<String> events) {
    return Optional.ofNullable(mongo.findAndModify(
        new Query(where("_id").is(challengeId).and("state").is(ChallengeState.ISSUED)),
        marked(new Update().set("currentProvider", provider).set("currentFactorId", factorId).set("codeRequestedAt", now)
            .set("nextCodeAt", nextCodeAt), events),
        FindAndModifyOptions.options().returnNew(true), ChallengeDocument.class));
  }

  public void recordDelivery(String challengeId, ChallengeDocument.Delivery delivery) {
    mongo.updateFirst(new Query(where("_id").is(challengeId)), new Update().set("lastDelivery", delivery),
        ChallengeDocument.class);
  }
}
