package io.twofold.loginapp.web;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Spring Security for what a login page needs around its own sign-in logic: CSRF tokens on every
 * form (Thymeleaf adds them), security headers (no framing, no sniffing, no caching of pages that
 * show codes), and no login form of its own — the controllers do the password and second steps.
 */
@Configuration
class WebSecurity {

  @Bean
  SecurityFilterChain pages(HttpSecurity http) throws Exception {
    return http
        .authorizeHttpRequests(requests -> requests.anyRequest().permitAll())
        .formLogin(form -> form.disable())
        .httpBasic(basic -> basic.disable())
        .logout(logout -> logout.disable())
        .headers(headers -> headers.contentSecurityPolicy(csp -> csp.policyDirectives(
            "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'")))
        .build();
  }
}
