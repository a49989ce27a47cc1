package io.twofold.challenge.config;

import io.twofold.challenge.app.ChallengeVerifier;
import io.twofold.challenge.app.CodeSender;
import io.twofold.challenge.app.EnrollmentClient;
import io.twofold.challenge.kafka.ChallengePublisher;
import io.twofold.challenge.store.ChallengeStore;
import io.twofold.challenge.store.LockoutStore;
import io.twofold.platform.crypto.CodeSealer;
import io.twofold.platform.limit.MongoRateLimiter;
import io.twofold.platform.security.ServiceTokens;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.SimpleClientHttpRequestFactory;
import org.springframework.web.client.RestClient;

@Configuration
public class ChallengeConfiguration {

  @Bean
  EnrollmentClient enrollmentClient(
      @Value("${twofold.enrollment.base-url}") String baseUrl,
      @Value("${twofold.enrollment.timeout:2s}") Duration timeout,
      ServiceTokens tokens) {
    SimpleClientHttpRequestFactory requests = new SimpleClientHttpRequestFactory();
    requests.setConnectTimeout(timeout);
    requests.setReadTimeout(timeout);
    return new EnrollmentClient(RestClient.builder().baseUrl(baseUrl).requestFactory(requests).build(), tokens);
  }

  /** Codes are kept sealed in challenges by the same sealer that seals them for delivery. */
  @Bean
  CodeSender codeSender(ChallengeStore challenges, ChallengePublisher events, MongoRateLimiter limiter,
      CodeSealer sealer, EnrollmentClient enrollment, SecureRandom random, Clock clock) {
    return new CodeSender(challenges, events, limiter, sealer, enrollment, random, clock);
  }

  @Bean
  ChallengeVerifier challengeVerifier(ChallengeStore challenges, LockoutStore lockouts, EnrollmentClient enrollment,
      CodeSender codes, ChallengePublisher events, Clock clock) {
    return new ChallengeVerifier(challenges, lockouts, enrollment, codes, events, clock);
  }
}
