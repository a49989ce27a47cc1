package io.twofold.platform.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.MongoSocketReadTimeoutException;
import com.mongodb.MongoTimeoutException;
import com.mongodb.ServerAddress;
import io.twofold.platform.crypto.CryptoFailure;
import java.net.ConnectException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.kafka.listener.ListenerExecutionFailedException;
import org.springframework.kafka.support.serializer.DeserializationException;
import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.BackOffExecution;
import org.springframework.util.backoff.ExponentialBackOff;
import org.springframework.util.backoff.FixedBackOff;
import org.springframework.web.client.ResourceAccessException;

/** Listener failures classified by cause: transient ones retried long, poison dead-lettered at once. */
class FailuresTest {

  private static final TwofoldKafkaProperties PROPERTIES = new TwofoldKafkaProperties("http://registry", List.of(), 2,
      Duration.ofMillis(500), Duration.ofSeconds(30), Duration.ofMinutes(15), Duration.ofSeconds(5),
      Duration.ofSeconds(10), Duration.ofSeconds(30), Map.of(), null, null, false, "FULL_TRANSITIVE");

  /** As the container hands it to the error handler: the listener's exception, wrapped. */
  private static Exception fromListener(Throwable cause) {
    return new ListenerExecutionFailedException("listener failed", cause);
  }

  @Test
  void theDatabaseTheBrokerAPeerOrATimeoutAwayAreTransient() {
    assertThat(Failures.isTransient(fromListener(new DataAccessResourceFailureException("mongo",
        new MongoTimeoutException("no server"))))).isTrue();
    assertThat(Failures.isTransient(fromListener(new MongoSocketReadTimeoutException("read",
        new ServerAddress(), new java.net.SocketTimeoutException())))).isTrue();
    assertThat(Failures.isTransient(fromListener(new org.springframework.kafka.KafkaException("send",
        new TimeoutException("metadata"))))).isTrue();
    assertThat(Failures.isTransient(fromListener(new ResourceAccessException("peer", new ConnectException())))).isTrue();
    assertThat(Failures.isTransient(fromListener(new Unavailable()))).isTrue();
    assertThat(Failures.describe(fromListener(new DataAccessResourceFailureException("mongo")))).isEqualTo("database");
    assertThat(Failures.describe(fromListener(new Unavailable()))).isEqualTo("enrollment");
  }

  @Test
  void aBugOrABadRecordIsNot() {
    assertThat(Failures.isTransient(fromListener(new IllegalStateException("bug")))).isFalse();
    assertThat(Failures.isTransient(fromListener(new CryptoFailure("no key")))).isFalse();
  }

  @Test
  void transientFailuresBackOffExponentiallyForLongPoisonNotAtAllTheRestBriefly() {
    BackOff transientBackOff = KafkaBackboneAutoConfiguration.backOff(
        fromListener(new DataAccessResourceFailureException("mongo")), PROPERTIES);
    assertThat(transientBackOff).isInstanceOf(ExponentialBackOff.class);
    BackOffExecution execution = transientBackOff.start();
    assertThat(List.of(execution.nextBackOff(), execution.nextBackOff(), execution.nextBackOff()))
        .containsExactly(500L, 1000L, 2000L);
    assertThat(((ExponentialBackOff) transientBackOff).getMaxElapsedTime()).isEqualTo(Duration.ofMinutes(15).toMillis());

    BackOffExecution poison = KafkaBackboneAutoConfiguration.backOff(fromListener(new DeserializationException(
        "not avro", new byte[] {1}, false, new IllegalStateException())), PROPERTIES).start();
    assertThat(poison.nextBackOff()).isEqualTo(BackOffExecution.STOP);
    BackOffExecution undecryptable = KafkaBackboneAutoConfiguration.backOff(
        fromListener(new CryptoFailure("no key")), PROPERTIES).start();
    assertThat(undecryptable.nextBackOff()).isEqualTo(BackOffExecution.STOP);

    BackOff unknown = KafkaBackboneAutoConfiguration.backOff(fromListener(new IllegalStateException("bug")), PROPERTIES);
    assertThat(unknown).isInstanceOf(FixedBackOff.class);
    assertThat(((FixedBackOff) unknown).getMaxAttempts()).isEqualTo(2);
  }

  @Test
  void aDeserializationFailureBecauseTheRegistryIsAwayIsTransient() {
    var registryDown = new DeserializationException("schema lookup", new byte[] {0, 0, 0, 0, 1}, false,
        new RuntimeException("registry", new ConnectException("Connection refused")));

    assertThat(KafkaBackboneAutoConfiguration.backOff(fromListener(registryDown), PROPERTIES))
        .isInstanceOf(ExponentialBackOff.class);
  }

  static final class Unavailable extends RuntimeException implements TransientFailure, Failures.Named {
    @Override
    public String unavailable() {
      return "enrollment";
    }
  }
}
