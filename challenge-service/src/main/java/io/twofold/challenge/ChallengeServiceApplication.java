package io.twofold.challenge;

import io.twofold.platform.TwofoldApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Sign-in challenges, login one-time codes, attempt limits and lockouts. */
@SpringBootApplication
public class ChallengeServiceApplication {

  public static void main(String[] args) {
    TwofoldApplication.run(ChallengeServiceApplication.class, args);
  }
}
