package io.twofold.localstack;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.h2.H2Collection;
import de.bwaldvogel.mongo.backend.h2.H2Database;
import de.bwaldvogel.mongo.bson.Document;
import io.twofold.testsupport.mongo.HashIndex;
import io.twofold.testsupport.mongo.IndexedLookup;
import java.util.List;

/**
 * The local stack's file-backed Mongo wire server (data survives restarts) with the services'
 * indexes honoured, as {@code IndexedMemoryBackend} does in memory. Non-unique indexes live in
 * memory and are rebuilt from the data when the stack starts.
 */
final class IndexedH2Backend extends H2Backend {

  IndexedH2Backend(String file) {
    super(file);
  }

  @Override
  protected MongoDatabase openOrCreateDatabase(String databaseName) {
    return new Database(databaseName);
  }

  /**
   * Inner, not static: H2Database opens its collections from its own constructor, before a
   * subclass's fields are set, while the enclosing backend (and its store) is reachable already.
   */
  private final class Database extends H2Database {

    Database(String name) {
      super(name, getMvStore(), getCursorRegistry());
    }

    @Override
    protected MongoCollection<Object> openOrCreateCollection(String collectionName, CollectionOptions options) {
      String namespace = getFullCollectionNamespace(collectionName);
      return new Collection(this, collectionName, options, namespace);
    }

    @Override
    protected Index<Object> openOrCreateSecondaryIndex(String collectionName, String indexName, List<IndexKey> keys,
        boolean sparse) {
      return new HashIndex<>(indexName, keys, sparse);
    }
  }

  private final class Collection extends H2Collection {

    /** The same map names as H2Database uses, so existing data files open unchanged. */
    Collection(Database database, String name, CollectionOptions options, String namespace) {
      super(database, name, options, getMvStore().openMap("databases." + namespace),
          getMvStore().openMap("meta." + namespace), getCursorRegistry());
    }

    @Override
    protected QueryResult queryDocuments(Document query, Document orderBy, int skip, int limit, int batchSize,
        Document projection) {
      Iterable<Object> candidates = IndexedLookup.candidates(getIndexes(), query);
      return candidates == null
          ? super.queryDocuments(query, orderBy, skip, limit, batchSize, projection)
          : matchDocuments(query, candidates, orderBy, skip, limit, batchSize, projection);
    }
  }
}
