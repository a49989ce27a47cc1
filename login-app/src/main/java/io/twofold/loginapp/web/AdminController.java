package io.twofold.loginapp.web;

import io.twofold.loginapp.twofold.TokenIssuer;
import io.twofold.loginapp.twofold.TwofoldApi;
import io.twofold.loginapp.users.DemoUser;
import io.twofold.loginapp.users.DemoUsers;
import jakarta.servlet.http.HttpSession;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import tools.jackson.databind.JsonNode;

/**
 * Two-factor administration as in the seed: a system administrator's settings (providers, limits,
 * enforcement with its users filter by tenants or tenant profiles); a tenant administrator's
 * settings ("use system settings", or its own); lockouts; a user's 2FA reset; coverage. Twofold
 * decides who may do what: this page sends the administrator's own token and shows the answer.
 */
@Controller
public class AdminController {

  private final DemoUsers users;
  private final TokenIssuer tokens;
  private final TwofoldApi twofold;

  public AdminController(DemoUsers users, TokenIssuer tokens, TwofoldApi twofold) {
    this.users = users;
    this.tokens = tokens;
    this.twofold = twofold;
  }

  private Optional<DemoUser> admin(HttpSession session) {
    return Sessions.signedIn(session, users).filter(u -> u.isSystemAdmin() || u.isTenantAdmin());
  }

  private String settingsPath(DemoUser admin) {
    return admin.isSystemAdmin() ? "/api/v1/settings/system" : "/api/v1/settings/tenants/" + admin.tenantId();
  }

  @GetMapping("/admin")
  public String page(HttpSession session, Model model) {
    Optional<DemoUser> admin = admin(session);
    if (admin.isEmpty()) {
      return "redirect:/home";
    }
    TwofoldApi.Answer settings = twofold.policy("GET", settingsPath(admin.get()), tokens.user(admin.get()), null);
    model.addAttribute("user", admin.get());
    model.addAttribute("settings", settings.ok() ? SettingsForm.of(settings.body()) : SettingsForm.empty());
    if (admin.get().isTenantAdmin()) {
      TwofoldApi.Answer coverage = twofold.enrollment("GET", "/api/v1/tenants/" + admin.get().tenantId() + "/coverage",
          tokens.user(admin.get()), null);
      model.addAttribute("coverage", coverage.ok() ? coverage.body().toString() : null);
    }
    return "admin";
  }

  @PostMapping("/admin/settings")
  public String save(@RequestParam MultiValueMap<String, String> form, HttpSession session,
      RedirectAttributes redirect) {
    Optional<DemoUser> admin = admin(session);
    if (admin.isEmpty()) {
      return "redirect:/home";
    }
    Map<String, Object> body = SettingsForm.toBody(form, admin.get().isTenantAdmin());
    TwofoldApi.Answer saved = twofold.policy("PUT", settingsPath(admin.get()), tokens.user(admin.get()), body);
    redirect.addFlashAttribute(saved.ok() ? "info" : "error", saved.ok() ? "Settings saved."
        : saved.detail() + SignInController.fieldErrors(saved));
    return "redirect:/admin";
  }

  @PostMapping("/admin/unlock")
  public String unlock(@RequestParam String userId, HttpSession session, RedirectAttributes redirect) {
    Optional<DemoUser> admin = admin(session);
    if (admin.isEmpty()) {
      return "redirect:/home";
    }
    TwofoldApi.Answer unlocked = twofold.challenges("DELETE", "/api/v1/lockouts/" + userId.trim(),
        tokens.user(admin.get()), null);
    redirect.addFlashAttribute(unlocked.ok() ? "info" : "error", unlocked.ok() ? userId + " is unlocked."
        : unlocked.status() == 404 ? userId + " is not locked." : unlocked.detail());
    return "redirect:/admin";
  }

  @PostMapping("/admin/reset")
  public String reset(@RequestParam String userId, HttpSession session, RedirectAttributes redirect) {
    Optional<DemoUser> admin = admin(session);
    if (admin.isEmpty()) {
      return "redirect:/home";
    }
    String path = admin.get().isSystemAdmin() ? "/api/v1/users/" + userId.trim() + "/factors"
        : "/api/v1/tenants/" + admin.get().tenantId() + "/users/" + userId.trim() + "/factors";
    TwofoldApi.Answer reset = twofold.enrollment("DELETE", path, tokens.user(admin.get()), null);
    redirect.addFlashAttribute(reset.ok() ? "info" : "error", reset.ok()
        ? "Two-factor authentication of " + userId + " is reset." : reset.detail());
    return "redirect:/admin";
  }

  /** The settings form: what policy-service holds, as fields, and back. */
  public record SettingsForm(long version, boolean useSystemSettings, Map<String, JsonNode> providers,
      String minVerificationCodeSendPeriod, String verificationCodeCheckRateLimit,
      String maxVerificationFailuresBeforeUserLockout, String totalAllowedTimeForVerification, boolean enforceTwoFa,
      String filterType, String tenantsIds, String tenantProfilesIds) {

    static SettingsForm empty() {
      return new SettingsForm(0, true, Map.of(), "", "", "", "", false, "ALL_USERS", "", "");
    }

    static SettingsForm of(JsonNode settings) {
      Map<String, JsonNode> providers = new LinkedHashMap<>();
      settings.path("providers").forEach(p -> providers.put(p.path("providerType").asString(), p));
      JsonNode filter = settings.path("enforcedUsersFilter");
      return new SettingsForm(settings.path("version").asLong(), settings.path("useSystemSettings").asBoolean(false),
          providers, text(settings, "minVerificationCodeSendPeriod"), text(settings, "verificationCodeCheckRateLimit"),
          text(settings, "maxVerificationFailuresBeforeUserLockout"), text(settings, "totalAllowedTimeForVerification"),
          settings.path("enforceTwoFa").asBoolean(false), filter.path("filterType").asString("ALL_USERS"),
          String.join(",", filter.path("tenantsIds").valueStream().map(JsonNode::asString).toList()),
          String.join(",", filter.path("tenantProfilesIds").valueStream().map(JsonNode::asString).toList()));
    }

    private static String text(JsonNode settings, String field) {
      return settings.hasNonNull(field) ? settings.get(field).asString() : "";
    }

    public boolean enabled(String provider) {
      return providers.containsKey(provider);
    }

    /** A list option of a provider, comma-separated; empty when it has none. */
    public String list(String provider, String name) {
      JsonNode p = providers.get(provider);
      return p == null || !p.path(name).isArray() ? ""
          : String.join(", ", p.get(name).valueStream().map(JsonNode::asString).toList());
    }

    public String field(String provider, String name) {
      JsonNode p = providers.get(provider);
      return p == null || !p.hasNonNull(name) ? "" : p.get(name).asString();
    }

    static Map<String, Object> toBody(MultiValueMap<String, String> form, boolean tenant) {
      Map<String, Object> body = new HashMap<>();
      body.put("version", Long.parseLong(form.getFirst("version")));
      if (tenant && "on".equals(form.getFirst("useSystemSettings"))) {
        body.put("useSystemSettings", true);
        putEnforcement(form, body);
        return body;
      }
      if (tenant) {
        body.put("useSystemSettings", false);
      }
      List<Map<String, Object>> providers = new ArrayList<>();
      for (String type : List.of("TOTP", "SMS", "EMAIL", "BACKUP_CODE")) {
        if ("on".equals(form.getFirst("provider." + type))) {
          Map<String, Object> provider = new HashMap<>(Map.of("providerType", type));
          for (String name : List.of("issuerName", "smsVerificationMessageTemplate", "verificationCodeLifetime",
              "codesQuantity")) {
            String value = form.getFirst(type + "." + name);
            if (value != null && !value.isBlank()) {
              provider.put(name, value.matches("\\d+") ? Integer.parseInt(value) : value);
            }
          }
          String countries = form.getFirst(type + ".smsAllowedCountries");
          if (countries != null && !countries.isBlank()) { // left empty: every country
            provider.put("smsAllowedCountries", java.util.Arrays.stream(countries.split(","))
                .map(String::trim).filter(country -> !country.isEmpty()).toList());
          }
          providers.add(provider);
        }
      }
      body.put("providers", providers);
      for (String name : List.of("minVerificationCodeSendPeriod", "maxVerificationFailuresBeforeUserLockout",
          "totalAllowedTimeForVerification")) {
        String value = form.getFirst(name);
        if (value != null && !value.isBlank()) {
          body.put(name, value.matches("\\d+") ? Integer.parseInt(value) : value);
        }
      }
      String checks = form.getFirst("verificationCodeCheckRateLimit");
      if (checks != null && !checks.isBlank()) { // left empty: the system's (an empty N:S would mean none)
        body.put("verificationCodeCheckRateLimit", checks.trim());
      }
      putEnforcement(form, body);
      return body;
    }

    private static void putEnforcement(MultiValueMap<String, String> form, Map<String, Object> body) {
      boolean enforce = "on".equals(form.getFirst("enforceTwoFa"));
      body.put("enforceTwoFa", enforce);
      if (enforce) {
        Map<String, Object> filter = new HashMap<>(Map.of("filterType", form.getFirst("filterType")));
        filter.put("tenantsIds", ids(form.getFirst("tenantsIds")));
        filter.put("tenantProfilesIds", ids(form.getFirst("tenantProfilesIds")));
        body.put("enforcedUsersFilter", filter);
      }
    }

    private static List<String> ids(String text) {
      return text == null ? List.of()
          : Arrays.stream(text.split(",")).map(String::trim).filter(id -> !id.isEmpty()).toList();
    }
  }
}
