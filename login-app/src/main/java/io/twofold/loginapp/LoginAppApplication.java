package io.twofold.loginapp;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * A reference login application: what a platform team builds around Twofold. It checks passwords
 * of its demo users itself, then hands the second step to Twofold through its public HTTP API, and
 * shows every screen of the seed document's journeys (README).
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class LoginAppApplication {

  public static void main(String[] args) {
    SpringApplication.run(LoginAppApplication.class, args);
  }
}
