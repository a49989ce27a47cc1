package io.twofold.enrollment.api;

import io.twofold.enrollment.app.AccountGate;
import java.util.List;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** {@code /api/v1/me} handlers receive their user through the account gate ({@link AccountResolver}). */
@Configuration
class AccountResolverConfiguration implements WebMvcConfigurer {

  private final AccountGate gate;

  AccountResolverConfiguration(AccountGate gate) {
    this.gate = gate;
  }

  @Override
  public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
    resolvers.add(new AccountResolver(gate));
  }
}
