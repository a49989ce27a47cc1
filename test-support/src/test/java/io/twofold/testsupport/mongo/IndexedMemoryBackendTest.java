package io.twofold.testsupport.mongo;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The indexed backend answers every query exactly as mongo-java-server's own backend does, and
 * looks at the indexed documents only, over the real wire protocol and driver.
 */
class IndexedMemoryBackendTest {

  private static final IndexedMemoryBackend indexedBackend = new IndexedMemoryBackend();
  private static MongoServer indexedServer;
  private static MongoServer plainServer;
  private static MongoClient indexed;
  private static MongoClient plain;

  @BeforeAll
  static void start() {
    indexedServer = new MongoServer(indexedBackend);
    plainServer = new MongoServer(new MemoryBackend());
    indexed = MongoClients.create("mongodb://" + address(indexedServer.bind()));
    plain = MongoClients.create("mongodb://" + address(plainServer.bind()));
  }

  @AfterAll
  static void stop() {
    indexed.close();
    plain.close();
    indexedServer.shutdownNow();
    plainServer.shutdownNow();
  }

  @Test
  void answersEveryQueryAndUpdateAsTheStockBackendDoes() {
    List<Function<MongoCollection<Document>, Object>> steps = new ArrayList<>();
    steps.add(c -> c.createIndex(Indexes.ascending("userId")));
    steps.add(c -> c.createIndex(Indexes.ascending("email"), new IndexOptions().unique(true).sparse(true)));
    steps.add(c -> c.createIndex(Indexes.ascending("tags")));
    steps.add(c -> c.createIndex(Indexes.ascending("dueAt"), new IndexOptions().sparse(true)));
    Random random = new Random(7);
    for (int i = 0; i < 400; i++) {
      Document document = new Document("_id", "doc-" + i).append("userId", "user-" + random.nextInt(40))
          .append("state", random.nextBoolean() ? "ISSUED" : "VERIFIED").append("n", random.nextInt(10))
          .append("tags", List.of("t" + random.nextInt(5), "t" + random.nextInt(5)));
      if (i % 3 == 0) {
        document.append("email", "user" + i + "@example.com");
      }
      if (i % 4 == 0) {
        document.append("dueAt", (long) random.nextInt(100));
      }
      steps.add(c -> c.insertOne(document));
    }
    List<Bson> queries = List.of(
        Filters.eq("_id", "doc-7"),
        Filters.and(Filters.eq("_id", "doc-7"), Filters.eq("state", "ISSUED")),
        Filters.and(Filters.eq("_id", "doc-8"), Filters.or(Filters.exists("n", false), Filters.lte("n", 4))),
        Filters.eq("userId", "user-3"),
        Filters.and(Filters.eq("userId", "user-3"), Filters.eq("state", "VERIFIED")),
        Filters.in("userId", "user-1", "user-2"),
        Filters.in("_id", "doc-1", "doc-3", "doc-1", "doc-999"),
        Filters.in("email", "user9@example.com", "user12@example.com", "nobody@example.com"),
        Filters.eq("tags", "t2"),
        Filters.and(Filters.eq("tags", "t1"), Filters.eq("userId", "user-5")),
        Filters.eq("email", "user9@example.com"),
        Filters.eq("email", null),
        Filters.eq("userId", 3),
        Filters.eq("state", "ISSUED"),
        Filters.lte("dueAt", 50L),
        Filters.and(Filters.gt("dueAt", 20L), Filters.lt("dueAt", 70L)),
        Filters.and(Filters.eq("_id", "doc-8"), Filters.lte("dueAt", 99L)),
        Filters.exists("dueAt", false));
    for (int round = 0; round < 3; round++) {
      for (Bson query : queries) {
        steps.add(c -> c.find(query).sort(Sorts.ascending("_id")).into(new ArrayList<>()));
        steps.add(c -> c.countDocuments(query));
      }
      int r = round;
      // Updates that move documents between index entries, conditional updates, upserts and deletes.
      steps.add(c -> c.findOneAndUpdate(Filters.and(Filters.eq("_id", "doc-" + r), Filters.eq("state", "ISSUED")),
          Updates.set("userId", "user-3")));
      steps.add(c -> c.updateMany(Filters.eq("userId", "user-" + (10 + r)), Updates.set("userId", "user-3")).getModifiedCount());
      steps.add(c -> c.updateOne(Filters.and(Filters.eq("_id", "new-" + r), Filters.lt("n", 5)), Updates.inc("n", 1),
          new com.mongodb.client.model.UpdateOptions().upsert(true)).getMatchedCount());
      steps.add(c -> c.updateMany(Filters.eq("tags", "t" + r), Updates.set("tags", List.of("t9"))).getModifiedCount());
      steps.add(c -> c.deleteMany(Filters.and(Filters.eq("userId", "user-" + (20 + r)), Filters.eq("state", "ISSUED")))
          .getDeletedCount());
      steps.add(c -> c.findOneAndDelete(Filters.eq("_id", "doc-" + (100 + r))));
      steps.add(c -> c.deleteMany(Filters.in("_id", "doc-" + (300 + r), "doc-" + (310 + r), "doc-" + (300 + r)))
          .getDeletedCount());
      steps.add(c -> c.updateMany(Filters.lte("dueAt", 10L * (r + 1)), Updates.unset("dueAt")).getModifiedCount());
      steps.add(c -> c.updateOne(Filters.eq("_id", "doc-" + (201 + r)), Updates.set("dueAt", 5L)).getModifiedCount());
    }

    MongoCollection<Document> fast = indexed.getDatabase("equivalence").getCollection("things");
    MongoCollection<Document> slow = plain.getDatabase("equivalence").getCollection("things");
    for (int i = 0; i < steps.size(); i++) {
      Object expected = steps.get(i).apply(slow);
      Object actual = steps.get(i).apply(fast);
      if (!(expected instanceof String)) { // createIndex returns the index name on both
        assertThat(actual).as("step %d", i).isEqualTo(expected);
      }
    }
  }

  @Test
  void aQueryOnAnIndexedFieldPlusConditionsLooksOnlyAtTheDocumentsUnderThatValue() {
    MongoCollection<Document> things = indexed.getDatabase("lookups").getCollection("things");
    things.createIndex(Indexes.ascending("userId"));
    for (int i = 0; i < 1_000; i++) {
      things.insertOne(new Document("_id", "doc-" + i).append("userId", "user-" + (i % 100)).append("state", "ISSUED"));
    }
    List<Index<Object>> indexes = indexes("lookups", "things");

    assertThat(IndexedLookup.candidates(indexes, new de.bwaldvogel.mongo.bson.Document("_id", "doc-5")
        .append("state", "ISSUED"))).hasSize(1);
    assertThat(IndexedLookup.candidates(indexes, new de.bwaldvogel.mongo.bson.Document("userId", "user-5")
        .append("state", new de.bwaldvogel.mongo.bson.Document("$ne", "VERIFIED")))).hasSize(10);
    assertThat(IndexedLookup.candidates(indexes, new de.bwaldvogel.mongo.bson.Document("state", "ISSUED")))
        .as("no index on state: the whole collection is scanned").isNull();
    assertThat(IndexedLookup.candidates(indexes, new de.bwaldvogel.mongo.bson.Document("userId",
        new de.bwaldvogel.mongo.bson.Document("$in", List.of("user-1"))))).as("$in on a non-unique index is left to the scan").isNull();
    assertThat(IndexedLookup.candidates(indexes, new de.bwaldvogel.mongo.bson.Document("_id",
        new de.bwaldvogel.mongo.bson.Document("$in", List.of("doc-7", "doc-9", "doc-7", "no-such-doc")))))
        .as("$in on the unique _id: the document under each value, each once").hasSize(2);
    assertThat(IndexedLookup.candidates(indexes, new de.bwaldvogel.mongo.bson.Document("_id",
        new de.bwaldvogel.mongo.bson.Document("$in", List.of("doc-7")).append("$ne", "doc-7"))))
        .as("$in beside another operator is left to the scan").isNull();

    things.createIndex(Indexes.ascending("dueAt"), new IndexOptions().sparse(true));
    things.updateMany(Filters.in("_id", "doc-1", "doc-2", "doc-3"), Updates.set("dueAt", 5L));
    assertThat(IndexedLookup.candidates(indexes("lookups", "things"), new de.bwaldvogel.mongo.bson.Document("dueAt",
        new de.bwaldvogel.mongo.bson.Document("$lte", 10L)))).as("a range reads only documents with the field").hasSize(3);
  }

  @SuppressWarnings("unchecked")
  private static List<Index<Object>> indexes(String database, String collection) {
    return (List<Index<Object>>) (List<?>) indexedBackend.resolveDatabase(database).resolveCollection(collection, true)
        .getIndexes();
  }

  private static String address(java.net.InetSocketAddress address) {
    return address.getHostString() + ":" + address.getPort();
  }
}
