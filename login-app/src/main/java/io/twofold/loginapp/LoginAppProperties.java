package io.twofold.loginapp;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where Twofold runs and how this app, as the platform's identity provider, signs its tokens.
 *
 * @param clientId this login service's name: the {@code sub} of its {@code twofold.login} token,
 *     which owns the challenges it starts
 * @param hmacSecret the base64 HMAC key Twofold verifies tokens with (the local stack's; in
 *     production the identity provider signs instead)
 * @param audience the {@code aud} Twofold requires
 * @param users the demo users, {@code name:password:authority[:tenant[:tenantProfile[:customer]]]};
 *     passwords are hashed at start and only the hashes are kept
 */
@ConfigurationProperties("login-app")
public record LoginAppProperties(
    @DefaultValue("login-app") String clientId,
    @DefaultValue("http://127.0.0.1:8081") String policyUrl,
    @DefaultValue("http://127.0.0.1:8082") String enrollmentUrl,
    @DefaultValue("http://127.0.0.1:8083") String challengeUrl,
    String hmacSecret,
    @DefaultValue("twofold") String audience,
    @DefaultValue({"root:root-password:SYS_ADMIN", "alice:alice-password:TENANT_ADMIN:acme:gold",
        "bob:bob-password:CUSTOMER_USER:acme:gold:customer-1", "carol:carol-password:TENANT_ADMIN:globex:silver"})
    List<String> users) {
}
