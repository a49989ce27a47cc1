package io.twofold.platform.support;

import io.twofold.platform.security.Allow;
import io.twofold.platform.security.Caller;
import io.twofold.platform.security.Permission;
import io.twofold.platform.web.ProblemException;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Endpoints that exercise the platform's security and problem handling. */
@RestController
@RequestMapping("/probe")
@Allow(Permission.READ_SYSTEM_SETTINGS)
public class ProbeController {

  public enum Color { RED, GREEN }

  public record Order(@NotBlank String name, @NotNull @Min(1) @Max(10) Integer quantity, @NotNull Color color) {}

  @GetMapping("/me")
  @Allow(Permission.READ_OWN_FACTORS)
  public Map<String, Object> me(Caller caller) {
    return Map.of(
        "userId", caller.userId(),
        "tenantId", String.valueOf(caller.tenantId()),
        "authority", caller.authority().map(Enum::name).orElse("none"),
        "scopes", caller.scopes());
  }

  @GetMapping("/admin")
  public Map<String, String> admin() {
    return Map.of("ok", "admin");
  }

  @GetMapping("/login-service")
  @Allow(Permission.RUN_CHALLENGES)
  public Map<String, String> loginService() {
    return Map.of("ok", "login");
  }

  @GetMapping("/tenants/{tenantId}")
  @Allow(Permission.MANAGE_TENANT_SETTINGS)
  public Map<String, String> tenant(@PathVariable String tenantId) {
    return Map.of("tenant", tenantId);
  }

  @PostMapping("/orders")
  public Order order(@Valid @RequestBody Order order) {
    return order;
  }

  @GetMapping("/limited")
  public void limited() {
    throw ProblemException.tooManyRequests("too many code checks", Duration.ofMillis(12_300));
  }

  @GetMapping("/database-away")
  public void databaseAway() {
    throw new org.springframework.dao.DataAccessResourceFailureException("Timed out while waiting for a server",
        new com.mongodb.MongoTimeoutException("Timed out while waiting for a server"));
  }

  @GetMapping("/boom")
  public void boom() {
    throw new IllegalStateException("database password is hunter2");
  }
}
