package io.twofold.delivery.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.twofold.testsupport.ServiceIntegrationTest;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.IndexInfo;

/** The indexes delivery_jobs declares exist once the service has started (they are not automatic). */
@ServiceIntegrationTest
@org.springframework.test.context.ActiveProfiles("local")
class DeliveryJobIndexesTest {

  @Autowired MongoTemplate mongo;

  @Test
  void dueJobsAreFoundThroughASparseIndexAndFinishedJobsExpireAfterAWeek() {
    List<IndexInfo> indexes = mongo.indexOps(DeliveryJob.class).getIndexInfo();

    assertThat(indexes).anySatisfy(index -> {
      assertThat(index.isIndexForFields(List.of("dueAt"))).isTrue();
      assertThat(index.isSparse()).isTrue();
    });
    assertThat(indexes).anySatisfy(index -> {
      assertThat(index.isIndexForFields(List.of("finishedAt"))).isTrue();
      assertThat(index.getExpireAfter()).contains(Duration.ofDays(7));
    });
  }
}
