package io.twofold.delivery.config;

import io.twofold.delivery.domain.Backoff;
import io.twofold.delivery.message.MessageRenderer;
import java.security.SecureRandom;
import java.time.Clock;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration
@EnableConfigurationProperties({DeliveryProperties.class, io.twofold.delivery.budget.SmsBudgetProperties.class})
public class DeliveryConfiguration {

  @Bean
  Senders senders(DeliveryProperties properties, Clock clock,
      org.springframework.beans.factory.ObjectProvider<org.springframework.mail.javamail.JavaMailSender> smtp) {
    return new Senders(properties, clock, smtp.getIfAvailable());
  }

  @Bean
  MessageRenderer messageRenderer() {
    return new MessageRenderer();
  }

  @Bean
  Backoff backoff(DeliveryProperties properties, SecureRandom random) {
    return new Backoff(properties.backoffBase(), properties.backoffCap(), random);
  }

  @Bean
  io.twofold.delivery.budget.SmsBudgets smsBudgets(org.springframework.data.mongodb.core.MongoTemplate mongo,
      io.twofold.delivery.budget.SmsBudgetProperties properties, Clock clock) {
    return new io.twofold.delivery.budget.SmsBudgets(new io.twofold.delivery.budget.BudgetStore(mongo), properties, clock);
  }
}
