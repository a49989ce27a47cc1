package io.twofold.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JavaRuntimesTest {

  @TempDir Path home;

  @Test
  void readsTheFeatureVersionFromTheReleaseFile() throws Exception {
    Files.writeString(home.resolve("release"), "IMPLEMENTOR=\"Eclipse Adoptium\"\nJAVA_VERSION=\"25.0.3\"\n");
    assertThat(JavaRuntimes.featureVersion(home)).contains(25);

    Files.writeString(home.resolve("release"), "JAVA_VERSION=\"1.8.0_392\"\n");
    assertThat(JavaRuntimes.featureVersion(home)).contains(8);
  }

  @Test
  void folderWithoutReleaseFileIsNoRuntime() {
    assertThat(JavaRuntimes.featureVersion(home)).isEmpty();
  }

  @Test
  void missingRuntimeFailsWithAMessageNamingWhatToInstall() {
    assertThatThrownBy(() -> JavaRuntimes.javaAtLeast(999))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("Java 999+")
        .hasMessageContaining(JavaRuntimes.OVERRIDE_VARIABLE);
  }

  @Test
  void findsTheRunningRuntimeWhenItIsNewEnough() {
    int running = Runtime.version().feature();
    assertThat(JavaRuntimes.javaAtLeast(running)).isExecutable();
  }
}
