package io.twofold.enrollment;

import io.twofold.platform.TwofoldApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.scheduling.annotation.EnableScheduling;

/** Users' second factors, their secrets, and TOTP and backup-code verification. */
@SpringBootApplication
@EnableScheduling
public class EnrollmentServiceApplication {

  public static void main(String[] args) {
    TwofoldApplication.run(EnrollmentServiceApplication.class, args);
  }
}
