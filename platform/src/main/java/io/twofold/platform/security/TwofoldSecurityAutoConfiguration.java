package io.twofold.platform.security;

import io.twofold.platform.web.ProblemWriter;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.security.oauth2.server.resource.autoconfigure.OAuth2ResourceServerAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Bearer-JWT resource server for every service (DESIGN §6): all endpoints but health need a
 * token; claims map to {@code ROLE_<authority>} and {@code SCOPE_<scope>} authorities; method
 * security is on so controllers state their rules next to the code they guard.
 */
@AutoConfiguration(before = OAuth2ResourceServerAutoConfiguration.class)
@EnableMethodSecurity
@EnableConfigurationProperties(TwofoldSecurityProperties.class)
public class TwofoldSecurityAutoConfiguration {

  @Bean
  @ConditionalOnMissingBean
  JwtDecoder jwtDecoder(TwofoldSecurityProperties properties) {
    boolean hmac = properties.hmacSecret() != null && !properties.hmacSecret().isBlank();
    boolean jwks = properties.jwkSetUri() != null && !properties.jwkSetUri().isBlank();
    if (hmac == jwks) {
      throw new IllegalStateException(
          "set exactly one of twofold.security.jwt.jwk-set-uri (production) and "
              + "twofold.security.jwt.hmac-secret (local stack and tests)");
    }
    NimbusJwtDecoder decoder =
        hmac
            ? NimbusJwtDecoder.withSecretKey(hmacKey(properties.hmacSecret()))
                .macAlgorithm(MacAlgorithm.HS256)
                .build()
            : NimbusJwtDecoder.withJwkSetUri(properties.jwkSetUri()).build();
    if (properties.issuer() != null && !properties.issuer().isBlank()) {
      decoder.setJwtValidator(JwtValidators.createDefaultWithIssuer(properties.issuer()));
    }
    return decoder;
  }

  @Bean
  @ConditionalOnMissingBean
  JwtAuthenticationConverter jwtAuthenticationConverter() {
    JwtAuthenticationConverter converter = new JwtAuthenticationConverter();
    converter.setJwtGrantedAuthoritiesConverter(
        jwt -> Caller.of(jwt).grantedAuthorities().stream()
            .map(SimpleGrantedAuthority::new)
            .map(authority -> (org.springframework.security.core.GrantedAuthority) authority)
            .toList());
    return converter;
  }

  /**
   * Tokens for calls to other Twofold services: minted from the shared key where one is configured
   * (local stack, tests), otherwise from the identity provider's client-credentials grant.
   */
  @Bean
  @ConditionalOnMissingBean
  ServiceTokens serviceTokens(
      TwofoldSecurityProperties properties,
      java.time.Clock clock,
      @Value("${spring.application.name:twofold}") String serviceName,
      @Value("${twofold.security.client.token-endpoint:}") String tokenEndpoint,
      @Value("${twofold.security.client.client-id:}") String clientId,
      @Value("${twofold.security.client.client-secret:}") String clientSecret) {
    if (properties.hmacSecret() != null && !properties.hmacSecret().isBlank()) {
      return new HmacServiceTokens(properties.hmacSecret(), serviceName, clock);
    }
    if (tokenEndpoint.isBlank()) {
      return () -> {
        throw new IllegalStateException("no service credentials: set twofold.security.client.token-endpoint,"
            + " client-id and client-secret to call other Twofold services");
      };
    }
    return new ClientCredentialsServiceTokens(
        org.springframework.web.client.RestClient.builder(), tokenEndpoint, clientId, clientSecret, clock);
  }

  @Bean
  ProblemSecurityHandlers problemSecurityHandlers(ProblemWriter writer) {
    return new ProblemSecurityHandlers(writer);
  }

  @Bean
  @ConditionalOnMissingBean(SecurityFilterChain.class)
  SecurityFilterChain twofoldSecurityFilterChain(
      HttpSecurity http,
      JwtAuthenticationConverter converter,
      ProblemSecurityHandlers problems,
      @Value("${twofold.security.public-paths:}") List<String> publicPaths) {
    String[] open =
        Stream.concat(Stream.of("/actuator/health", "/actuator/health/**"), publicPaths.stream())
            .filter(path -> !path.isBlank())
            .toArray(String[]::new);
    http.csrf(csrf -> csrf.disable()) // stateless bearer-token API: no cookies to forge
        .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
        .authorizeHttpRequests(
            requests -> requests.requestMatchers(open).permitAll().anyRequest().authenticated())
        .oauth2ResourceServer(
            server -> server
                .jwt(jwt -> jwt.jwtAuthenticationConverter(converter))
                .authenticationEntryPoint(problems)
                .accessDeniedHandler(problems))
        .exceptionHandling(
            errors -> errors.authenticationEntryPoint(problems).accessDeniedHandler(problems));
    return http.build();
  }

  @Bean
  WebMvcConfigurer callerArgumentResolver() {
    return new WebMvcConfigurer() {
      @Override
      public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
        resolvers.add(new CallerArgumentResolver());
      }
    };
  }

  private static SecretKeySpec hmacKey(String base64) {
    byte[] key = Base64.getDecoder().decode(base64.trim());
    if (key.length < 32) {
      throw new IllegalStateException("twofold.security.jwt.hmac-secret must be at least 256 bits");
    }
    return new SecretKeySpec(key, "HmacSHA256");
  }
}
