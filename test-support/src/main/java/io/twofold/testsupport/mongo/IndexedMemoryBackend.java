package io.twofold.testsupport.mongo;

import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import de.bwaldvogel.mongo.backend.memory.MemoryCollection;
import de.bwaldvogel.mongo.backend.memory.MemoryDatabase;
import de.bwaldvogel.mongo.bson.Document;
import java.util.List;

/**
 * mongo-java-server's in-memory backend with the indexes the services declare honoured: equality
 * lookups through {@code _id}, unique and non-unique indexes, also when the query has further
 * conditions ({@link IndexedLookup}). Without them every conditional update and every lookup by
 * user scanned its whole collection, and the local stack slowed down as it filled.
 */
public final class IndexedMemoryBackend extends MemoryBackend {

  @Override
  public MemoryDatabase openOrCreateDatabase(String databaseName) {
    return new Database(databaseName, getCursorRegistry());
  }

  private static final class Database extends MemoryDatabase {

    Database(String name, CursorRegistry cursors) {
      super(name, cursors);
    }

    @Override
    protected MemoryCollection openOrCreateCollection(String collectionName, CollectionOptions options) {
      return new Collection(this, collectionName, options, cursorRegistry);
    }

    @Override
    protected Index<Integer> openOrCreateSecondaryIndex(String collectionName, String indexName, List<IndexKey> keys,
        boolean sparse) {
      return new HashIndex<>(indexName, keys, sparse);
    }
  }

  private static final class Collection extends MemoryCollection {

    Collection(Database database, String name, CollectionOptions options, CursorRegistry cursors) {
      super(database, name, options, cursors);
    }

    @Override
    protected QueryResult queryDocuments(Document query, Document orderBy, int skip, int limit, int batchSize,
        Document projection) {
      Iterable<Integer> candidates = IndexedLookup.candidates(getIndexes(), query);
      return candidates == null
          ? super.queryDocuments(query, orderBy, skip, limit, batchSize, projection)
          : matchDocuments(query, candidates, orderBy, skip, limit, batchSize, projection);
    }
  }
}
