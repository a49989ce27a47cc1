package io.twofold.platform.security;

import io.twofold.platform.web.ProblemException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.security.authentication.AuthenticationCredentialsNotFoundException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;

/**
 * Applies {@link Permission}'s table before any Twofold controller runs: the caller's kind must be
 * granted the endpoint's {@link Allow} permission, and an {@link Reach#OWN_TENANT} grant reaches
 * only a {@code {tenantId}} path variable equal to the caller's tenant. An endpoint that declares
 * no permission is refused for everyone. Finer checks that need data (a challenge's client, an
 * enrollment-only token's user having factors, step-up) are the services', after this one.
 */
final class PermissionInterceptor implements HandlerInterceptor {

  private static final Logger log = LoggerFactory.getLogger(PermissionInterceptor.class);
  static final String TENANT_VARIABLE = "tenantId";

  @Override
  public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
    if (!(handler instanceof HandlerMethod method) || !method.getBeanType().getPackageName().startsWith("io.twofold.")) {
      return true; // framework endpoints: API documentation, error pages (actuator has its own URL rule)
    }
    Allow allow = declared(method);
    if (allow == null) {
      log.error("{} declares no @Allow permission: refused for every caller", method.getShortLogMessage());
      throw ProblemException.forbidden("this operation is open to no one");
    }
    if (allow.value().providerSigned()) {
      return true; // no token grants it: the endpoint verifies the provider's signature, first thing
    }
    Caller caller = caller();
    Reach reach = allow.value().reachOf(caller.kind()).orElseThrow(() -> ProblemException.forbidden(
        "a " + describe(caller.kind()) + " may not " + describe(allow.value())));
    if (reach == Reach.OWN_TENANT) {
      String tenant = pathVariables(request).get(TENANT_VARIABLE);
      if (tenant != null && !tenant.equals(caller.tenantId())) {
        throw ProblemException.forbidden("a tenant administrator acts on its own tenant only");
      }
    }
    return true;
  }

  private static Allow declared(HandlerMethod method) {
    Allow onMethod = AnnotatedElementUtils.findMergedAnnotation(method.getMethod(), Allow.class);
    return onMethod != null ? onMethod : AnnotatedElementUtils.findMergedAnnotation(method.getBeanType(), Allow.class);
  }

  private static Caller caller() {
    Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
    if (authentication != null && authentication.getPrincipal() instanceof Jwt jwt) {
      return Caller.of(jwt);
    }
    throw new AuthenticationCredentialsNotFoundException("no bearer token");
  }

  @SuppressWarnings("unchecked")
  private static Map<String, String> pathVariables(HttpServletRequest request) {
    Object variables = request.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE);
    return variables instanceof Map<?, ?> map ? (Map<String, String>) map : Map.of();
  }

  private static String describe(Enum<?> value) {
    return value.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
  }
}
