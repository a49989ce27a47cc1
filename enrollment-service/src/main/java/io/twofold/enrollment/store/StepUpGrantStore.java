package io.twofold.enrollment.store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import org.springframework.stereotype.Component;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * Step-up grants by the hash of their token. A token is 256 random bits, so a plain SHA-256 is
 * enough to keep the stored value useless to a reader of the database (no pepper needed: nothing
 * to guess).
 */
@Component
public class StepUpGrantStore {

  private final MongoTemplate mongo;

  public StepUpGrantStore(MongoTemplate mongo) {
    this.mongo = mongo;
  }

  public void save(String token, String userId, Instant expiresAt) {
    mongo.insert(new StepUpGrantDocument(hash(token), userId, expiresAt));
  }

  /** Whether the token is a grant of this user that has not ended. */
  public boolean holds(String token, String userId, Instant now) {
    StepUpGrantDocument grant = mongo.findById(hash(token), StepUpGrantDocument.class);
    return grant != null && grant.userId().equals(userId) && now.isBefore(grant.expiresAt());
  }

  private static String hash(String token) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
