package io.twofold.platform.mongo;

import org.bson.Document;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * Mongo health by {@code ping}, the one command every MongoDB-compatible server answers. Boot's own
 * indicator lists databases, which the Mongo wire server used locally does not answer the same way.
 */
public final class MongoPingHealthIndicator extends AbstractHealthIndicator {

  private final MongoTemplate mongo;

  public MongoPingHealthIndicator(MongoTemplate mongo) {
    super("MongoDB ping failed");
    this.mongo = mongo;
  }

  @Override
  protected void doHealthCheck(Health.Builder builder) {
    Document answer = mongo.executeCommand(new Document("ping", 1));
    Object ok = answer.get("ok");
    if (ok instanceof Number number && number.doubleValue() == 1.0) {
      builder.up().withDetail("database", mongo.getDb().getName());
    } else {
      builder.down().withDetail("ping", answer.toJson());
    }
  }
}
