package io.twofold.platform.mongo;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.MongoPersistentEntityIndexResolver;
import org.springframework.data.mongodb.core.mapping.Document;
import org.springframework.data.mongodb.core.mapping.MongoPersistentEntity;

/**
 * Creates the indexes the services' documents declare ({@code @Indexed}, {@code @CompoundIndex},
 * TTL through {@code expireAfter}) when a service starts, before its listeners and web server do.
 * Spring Data's automatic index creation is off by default (and discouraged): without this the
 * annotations were decoration, and every lookup by user scanned its collection. Creating an index
 * that exists is a no-op; one whose options changed fails the start, loudly.
 */
public final class MongoIndexes implements SmartInitializingSingleton {

  private static final Logger log = LoggerFactory.getLogger(MongoIndexes.class);

  private final MongoTemplate mongo;

  public MongoIndexes(MongoTemplate mongo) {
    this.mongo = mongo;
  }

  @Override
  public void afterSingletonsInstantiated() {
    var context = mongo.getConverter().getMappingContext();
    var resolver = new MongoPersistentEntityIndexResolver(context);
    for (MongoPersistentEntity<?> entity : context.getPersistentEntities()) {
      if (!entity.isAnnotationPresent(Document.class)) {
        continue;
      }
      for (var index : resolver.resolveIndexForEntity(entity)) {
        String name = mongo.indexOps(index.getCollection()).createIndex(index);
        log.debug("index {} on {} is in place", name, index.getCollection());
      }
    }
  }
}
