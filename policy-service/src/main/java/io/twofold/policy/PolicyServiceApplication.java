package io.twofold.policy;

import io.twofold.platform.TwofoldApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.scheduling.annotation.EnableScheduling;

/** 2FA settings, tenant overrides, enforcement and policy evaluation. */
@SpringBootApplication
@EnableScheduling
public class PolicyServiceApplication {

  public static void main(String[] args) {
    TwofoldApplication.run(PolicyServiceApplication.class, args);
  }
}
