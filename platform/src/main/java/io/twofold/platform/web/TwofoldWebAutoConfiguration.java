package io.twofold.platform.web;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import tools.jackson.databind.DeserializationFeature;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import tools.jackson.databind.json.JsonMapper;

/** Problem responses for every error, and the request-body limit. */
@AutoConfiguration
public class TwofoldWebAutoConfiguration {

  @Bean
  ProblemWriter problemWriter(JsonMapper json) {
    return new ProblemWriter(json);
  }

  /**
   * Unknown JSON fields are errors: a misspelt setting ({@code enforceTwoFA}) silently ignored
   * would leave an administrator believing 2FA is enforced.
   */
  @Bean
  JsonMapperBuilderCustomizer strictJson() {
    return builder -> builder.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
  }

  @Bean
  ProblemResponses problemResponses() {
    return new ProblemResponses();
  }

  @Bean
  FilterRegistrationBean<RequestBodyLimitFilter> requestBodyLimitFilter(
      ProblemWriter writer, @Value("${twofold.web.max-request-bytes:65536}") long maxBytes) {
    var registration = new FilterRegistrationBean<>(new RequestBodyLimitFilter(maxBytes, writer));
    registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
    return registration;
  }
}
