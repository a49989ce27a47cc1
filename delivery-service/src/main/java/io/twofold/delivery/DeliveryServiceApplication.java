package io.twofold.delivery;

import io.twofold.platform.TwofoldApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.scheduling.annotation.EnableScheduling;

/** Sends one-time codes by email and SMS, with retries and delivery status events. */
@SpringBootApplication
@EnableScheduling
public class DeliveryServiceApplication {

  public static void main(String[] args) {
    TwofoldApplication.run(DeliveryServiceApplication.class, args);
  }
}
