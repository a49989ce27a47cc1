package io.twofold.localstack;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Properties;
import org.apache.kafka.common.Uuid;

/**
 * Keys of the local stack, generated on first start and kept (owner-readable only) in the data
 * folder so tokens and encrypted data survive restarts. Never used outside the local stack:
 * production keys come from a secret store.
 */
public final class LocalSecrets {

  public static final String JWT_HMAC = "jwt.hmac-secret";
  public static final String CODE_KEY = "crypto.code-key";
  public static final String TOTP_KEY = "crypto.totp-key";
  public static final String BACKUP_PEPPER = "crypto.backup-code-pepper";
  public static final String KAFKA_CLUSTER_ID = "kafka.cluster-id";

  private final Properties values;

  private LocalSecrets(Properties values) {
    this.values = values;
  }

  public static LocalSecrets loadOrCreate(Path dataDir) {
    Path file = dataDir.resolve("secrets.properties");
    Properties values = new Properties();
    try {
      Files.createDirectories(dataDir);
      if (Files.exists(file)) {
        try (InputStream in = Files.newInputStream(file)) {
          values.load(in);
        }
        return new LocalSecrets(values);
      }
      SecureRandom random = new SecureRandom();
      values.setProperty(JWT_HMAC, randomKey(random));
      values.setProperty(CODE_KEY, randomKey(random));
      values.setProperty(TOTP_KEY, randomKey(random));
      values.setProperty(BACKUP_PEPPER, randomKey(random));
      values.setProperty(KAFKA_CLUSTER_ID, kafkaClusterId());
      Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      try (OutputStream out = Files.newOutputStream(file)) {
        values.store(out, "Twofold local stack keys: local use only");
      }
      return new LocalSecrets(values);
    } catch (IOException e) {
      throw new UncheckedIOException("could not read or create " + file, e);
    }
  }

  public String get(String key) {
    return values.getProperty(key);
  }

  private static String randomKey(SecureRandom random) {
    byte[] key = new byte[32];
    random.nextBytes(key);
    return Base64.getEncoder().encodeToString(key);
  }

  /**
   * Kafka's own generator: 16 random bytes in URL-safe base64, re-drawn when the text would start
   * with '-' (one id in 64), which the storage tool's argument parser takes for an option.
   */
  static String kafkaClusterId() {
    return Uuid.randomUuid().toString();
  }
}
