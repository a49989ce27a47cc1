package io.twofold.policy.client;

import io.twofold.platform.security.ServiceTokens;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

/**
 * Evaluates policy through policy-service's HTTP API with a {@code twofold.internal} token, cached
 * per {@link PolicyQuery}. Never fails open: without an answer it throws
 * {@link PolicyUnavailableException}.
 */
public class PolicyClient {

  private final RestClient http;
  private final ServiceTokens tokens;
  private final PolicyCache cache;

  public PolicyClient(RestClient http, ServiceTokens tokens, PolicyCache cache) {
    this.http = http;
    this.tokens = tokens;
    this.cache = cache;
  }

  public PolicyView evaluate(String userId, PolicyQuery query) {
    return cache.get(query).orElseGet(() -> {
      PolicyView view = fetch(userId, query);
      cache.put(query, view);
      return view;
    });
  }

  private PolicyView fetch(String userId, PolicyQuery query) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("userId", userId);
    body.put("authority", query.authority());
    body.put("tenantId", query.tenantId());
    body.put("tenantProfileId", query.tenantProfileId());
    try {
      PolicyView view = http.post()
          .uri("/api/v1/policy/evaluations")
          .headers(headers -> headers.setBearerAuth(tokens.current()))
          .contentType(MediaType.APPLICATION_JSON)
          .body(body)
          .retrieve()
          .body(PolicyView.class);
      if (view == null) {
        throw new PolicyUnavailableException("policy-service answered without a body", null);
      }
      return view;
    } catch (RestClientException | IllegalStateException failure) {
      throw new PolicyUnavailableException("policy could not be evaluated: " + failure.getMessage(), failure);
    }
  }
}
