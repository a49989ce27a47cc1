package io.twofold.platform.kafka;

import java.util.List;

/**
 * Tells a transient failure (retry: the record is fine, something it needs is briefly away) from
 * anything else (a bug or a poison record: a few quick retries, then the dead-letter topic). The
 * cause chain is searched, so a driver's timeout wrapped by Spring still counts.
 */
public final class Failures {

  /** Failures of the infrastructure a record needs, by type name so no driver becomes a dependency. */
  private static final List<String> TRANSIENT_TYPES = List.of(
      "org.springframework.dao.DataAccessResourceFailureException",
      "org.springframework.dao.TransientDataAccessException",
      "com.mongodb.MongoSocketException",
      "com.mongodb.MongoTimeoutException",
      "com.mongodb.MongoNotPrimaryException",
      "com.mongodb.MongoNodeIsRecoveringException",
      "com.mongodb.MongoExecutionTimeoutException",
      "org.apache.kafka.common.errors.RetriableException",
      "org.apache.kafka.common.errors.TimeoutException",
      "org.springframework.web.client.ResourceAccessException",
      "org.springframework.web.client.HttpServerErrorException",
      "java.net.ConnectException",
      "java.net.SocketTimeoutException",
      "java.util.concurrent.TimeoutException",
      "java.net.http.HttpConnectTimeoutException",
      "java.nio.channels.ClosedChannelException");

  private Failures() {}

  public static boolean isTransient(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof TransientFailure) {
        return true;
      }
      for (Class<?> type = cause.getClass(); type != null; type = type.getSuperclass()) {
        if (TRANSIENT_TYPES.contains(type.getName())) {
          return true;
        }
      }
      if (cause.getCause() == cause) {
        break;
      }
    }
    return false;
  }

  /** A short name of the transient cause for a final event's reason, e.g. {@code database}. */
  public static String describe(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      String name = cause.getClass().getName();
      if (cause instanceof Named named) {
        return named.unavailable();
      }
      if (name.startsWith("com.mongodb") || name.startsWith("org.springframework.dao")) {
        return "database";
      }
      if (name.startsWith("org.apache.kafka")) {
        return "broker";
      }
      if (name.startsWith("io.apicurio")) {
        return "registry";
      }
    }
    return "dependency";
  }

  /** A transient failure that names what was unavailable (e.g. {@code enrollment}). */
  public interface Named {
    String unavailable();
  }
}
