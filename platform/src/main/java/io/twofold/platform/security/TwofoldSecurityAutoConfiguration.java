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
import org.springframework.context.annotation.Lazy;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtAudienceValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Bearer-JWT resource server for every service (DESIGN §6): all endpoints but health need a token
 * with {@code exp} (and the configured audience and issuer); each token is one {@link CallerKind};
 * {@link Permission}'s table decides what it may do, applied to every Twofold controller by {@link
 * PermissionInterceptor} and to the actuator and {@code /internal/**} by URL rules as well.
 */
@AutoConfiguration(before = OAuth2ResourceServerAutoConfiguration.class)
@EnableConfigurationProperties(TwofoldSecurityProperties.class)
public class TwofoldSecurityAutoConfiguration {

  @Bean
  @ConditionalOnMissingBean
  JwtDecoder jwtDecoder(TwofoldSecurityProperties properties) {
    NimbusJwtDecoder decoder = decoder(properties);
    decoder.setJwtValidator(validator(properties));
    return decoder;
  }

  static NimbusJwtDecoder decoder(TwofoldSecurityProperties properties) {
    if (properties.usesHmac() == properties.usesJwkSet()) {
      throw new IllegalStateException(
          "set exactly one of twofold.security.jwt.jwk-set-uri (production) and "
              + "twofold.security.jwt.hmac-secret (local stack and tests)");
    }
    if (properties.usesJwkSet() && !properties.checksIssuer()) {
      // Any issuer whose keys the JWK set holds could otherwise mint tokens Twofold accepts.
      throw new IllegalStateException("twofold.security.jwt.issuer is required with a jwk-set-uri: "
          + "set it to the identity provider's issuer (the iss of its tokens)");
    }
    return properties.usesHmac()
        ? NimbusJwtDecoder.withSecretKey(hmacKey(properties.hmacSecret())).macAlgorithm(MacAlgorithm.HS256).build()
        : NimbusJwtDecoder.withJwkSetUri(properties.jwkSetUri()).build();
  }

  /**
   * Signature aside, a token must carry {@code exp} and be within its validity (60 s clock skew);
   * its {@code iss} and {@code aud} must be the configured ones where configured.
   */
  static OAuth2TokenValidator<Jwt> validator(TwofoldSecurityProperties properties) {
    JwtTimestampValidator timestamps = new JwtTimestampValidator();
    timestamps.setAllowEmptyExpiryClaim(false);
    List<OAuth2TokenValidator<Jwt>> validators = new java.util.ArrayList<>(List.of(timestamps));
    if (properties.checksIssuer()) {
      validators.add(new JwtIssuerValidator(properties.issuer()));
    }
    if (properties.checksAudience()) {
      validators.add(new JwtAudienceValidator(properties.audience()));
    }
    return JwtValidators.createDefaultWithValidators(validators);
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
   * (local stack, tests), otherwise from the identity provider's client-credentials grant. Created
   * when a service first needs it (enrollment and challenge call others; policy and delivery do
   * not), and then it refuses to start without credentials rather than fail every call at run time.
   */
  @Bean
  @Lazy
  @ConditionalOnMissingBean
  ServiceTokens serviceTokens(
      TwofoldSecurityProperties properties,
      java.time.Clock clock,
      @Value("${spring.application.name:twofold}") String serviceName,
      @Value("${twofold.security.client.token-endpoint:}") String tokenEndpoint,
      @Value("${twofold.security.client.client-id:}") String clientId,
      @Value("${twofold.security.client.client-secret:}") String clientSecret,
      @Value("${twofold.security.client.timeout:5s}") java.time.Duration timeout) {
    return credentials(properties, clock, serviceName, tokenEndpoint, clientId, clientSecret, timeout);
  }

  static ServiceTokens credentials(TwofoldSecurityProperties properties, java.time.Clock clock, String serviceName,
      String tokenEndpoint, String clientId, String clientSecret, java.time.Duration timeout) {
    if (properties.usesHmac()) {
      return new HmacServiceTokens(properties.hmacSecret(), serviceName, properties.audience(), clock);
    }
    if (tokenEndpoint.isBlank() || clientId.isBlank() || clientSecret.isBlank()) {
      throw new IllegalStateException(serviceName + " calls other Twofold services and has no credentials for them:"
          + " set twofold.security.client.token-endpoint, client-id and client-secret (TWOFOLD_CLIENT_TOKEN_ENDPOINT,"
          + " TWOFOLD_CLIENT_ID, TWOFOLD_CLIENT_SECRET)");
    }
    return new ClientCredentialsServiceTokens(org.springframework.web.client.RestClient.builder(), tokenEndpoint,
        clientId, clientSecret, properties.audience(), timeout, clock);
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
        .authorizeHttpRequests(requests -> requests
            .requestMatchers(open).permitAll()
            // Metrics name tenants and rates: for scrapers only, and scrapers read nothing else.
            .requestMatchers("/actuator/**").hasAuthority(CallerKind.METRICS_SCRAPER.authority())
            .requestMatchers("/internal/**").hasAuthority(CallerKind.INTERNAL_SERVICE.authority())
            .anyRequest().authenticated())
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
  WebMvcConfigurer callerArgumentResolverAndPermissions() {
    return new WebMvcConfigurer() {
      @Override
      public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
        resolvers.add(new CallerArgumentResolver());
      }

      @Override
      public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new PermissionInterceptor());
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
