package io.twofold.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FreePortsTest {

  @Test
  void noPortIsHandedOutTwice() {
    // As many as a few stacks ask for: the kernel's offers for port 0 repeat well before this.
    Set<Integer> ports = new HashSet<>();
    for (int i = 0; i < 3_000; i++) {
      assertThat(ports.add(FreePorts.next())).as("port handed out twice after %d others", i).isTrue();
    }
  }
}
