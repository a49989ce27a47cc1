package io.twofold.enrollment.api;

import io.twofold.enrollment.app.AccountGate;
import io.twofold.enrollment.app.EnrollingUser;
import io.twofold.enrollment.app.StepUp;
import io.twofold.platform.security.Allow;
import io.twofold.platform.security.Caller;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.core.MethodParameter;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.security.authentication.AuthenticationCredentialsNotFoundException;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;

/**
 * Gives {@code /api/v1/me} handlers their {@link EnrollingUser} through {@link AccountGate}, with the
 * permission the handler declares in {@link Allow} and the {@value StepUp#HEADER} header: the
 * permission is stated once, on the endpoint, and the account rules follow from it.
 */
final class AccountResolver implements HandlerMethodArgumentResolver {

  private final AccountGate gate;

  AccountResolver(AccountGate gate) {
    this.gate = gate;
  }

  @Override
  public boolean supportsParameter(MethodParameter parameter) {
    return EnrollingUser.class.equals(parameter.getParameterType());
  }

  @Override
  public EnrollingUser resolveArgument(MethodParameter parameter, ModelAndViewContainer container,
      NativeWebRequest webRequest, WebDataBinderFactory binders) {
    Allow allow = AnnotatedElementUtils.findMergedAnnotation(parameter.getMethod(), Allow.class);
    if (allow == null) {
      allow = AnnotatedElementUtils.findMergedAnnotation(parameter.getContainingClass(), Allow.class);
    }
    if (allow == null) {
      throw new IllegalStateException(parameter.getMethod() + " takes an EnrollingUser but declares no @Allow");
    }
    if (!(SecurityContextHolder.getContext().getAuthentication() != null
        && SecurityContextHolder.getContext().getAuthentication().getPrincipal() instanceof Jwt jwt)) {
      throw new AuthenticationCredentialsNotFoundException("no bearer token");
    }
    HttpServletRequest request = webRequest.getNativeRequest(HttpServletRequest.class);
    return gate.enter(Caller.of(jwt), allow.value(), webRequest.getHeader(StepUp.HEADER),
        request == null ? null : request.getLocale());
  }
}
