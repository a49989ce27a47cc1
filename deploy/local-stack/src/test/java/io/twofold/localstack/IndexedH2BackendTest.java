package io.twofold.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Updates;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.Index;
import io.twofold.testsupport.mongo.IndexedLookup;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local stack's file-backed wire server keeps data and indexes across restarts. */
class IndexedH2BackendTest {

  @TempDir
  Path data;

  @Test
  void dataAndIndexesSurviveARestartAndLookupsUseTheIndex() {
    Path file = data.resolve("mongo.mv");
    withServer(file, (things, backend) -> {
      things.createIndex(Indexes.ascending("userId"));
      for (int i = 0; i < 300; i++) {
        things.insertOne(new Document("_id", "doc-" + i).append("userId", "user-" + (i % 30)).append("state", "ISSUED"));
      }
      things.updateOne(Filters.and(Filters.eq("_id", "doc-4"), Filters.eq("state", "ISSUED")),
          Updates.set("userId", "user-5"));
    });

    withServer(file, (things, backend) -> {
      assertThat(things.find(Filters.eq("userId", "user-5")).into(new ArrayList<>())).hasSize(11);
      assertThat(things.find(Filters.and(Filters.eq("_id", "doc-4"), Filters.eq("state", "ISSUED"))).first())
          .containsEntry("userId", "user-5");
      List<Index<Object>> indexes = indexes(backend);
      assertThat(IndexedLookup.candidates(indexes, new de.bwaldvogel.mongo.bson.Document("userId", "user-5")
          .append("state", "ISSUED"))).as("the index was rebuilt from the file").hasSize(11);
      assertThat(IndexedLookup.candidates(indexes, new de.bwaldvogel.mongo.bson.Document("_id", "doc-4")
          .append("state", "ISSUED"))).hasSize(1);
    });
  }

  private interface Session {
    void run(MongoCollection<Document> things, IndexedH2Backend backend);
  }

  private static void withServer(Path file, Session session) {
    IndexedH2Backend backend = new IndexedH2Backend(file.toString());
    MongoServer server = new MongoServer(backend);
    InetSocketAddress address = server.bind();
    try (MongoClient client = MongoClients.create("mongodb://" + address.getHostString() + ":" + address.getPort())) {
      session.run(client.getDatabase("twofold").getCollection("things"), backend);
    } finally {
      server.shutdownNow();
    }
  }

  @SuppressWarnings("unchecked")
  private static List<Index<Object>> indexes(IndexedH2Backend backend) {
    return (List<Index<Object>>) (List<?>) backend.resolveDatabase("twofold").resolveCollection("things", true)
        .getIndexes();
  }
}
