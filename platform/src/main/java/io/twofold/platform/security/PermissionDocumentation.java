package io.twofold.platform.security;

import io.swagger.v3.oas.models.Operation;
import java.util.Map;
import java.util.stream.Collectors;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;
import org.springframework.core.annotation.AnnotatedElementUtils;

/**
 * Each operation of a service's OpenAPI document says who may call it: the extension
 * {@code x-twofold-permission} and a line in its description, both from {@link Permission}'s table.
 */
@AutoConfiguration
@ConditionalOnClass(OperationCustomizer.class)
public class PermissionDocumentation {

  public static final String EXTENSION = "x-twofold-permission";

  @Bean
  OperationCustomizer twofoldPermissions() {
    return (operation, handler) -> {
      Allow allow = AnnotatedElementUtils.findMergedAnnotation(handler.getMethod(), Allow.class);
      if (allow == null) {
        allow = AnnotatedElementUtils.findMergedAnnotation(handler.getBeanType(), Allow.class);
      }
      if (allow != null) {
        describe(operation, allow.value());
      }
      return operation;
    };
  }

  private static void describe(Operation operation, Permission permission) {
    operation.addExtension(EXTENSION, permission.name());
    String who = permission.providerSigned()
        ? "the provider whose signature the request carries, whatever token it has (none needed)"
        : permission.grants().entrySet().stream().map(PermissionDocumentation::grant).collect(Collectors.joining(", "));
    String line = "Who may call: " + who + (permission.needsStepUp() ? "; an enrolled user needs a step-up grant" : "")
        + ".";
    operation.setDescription(operation.getDescription() == null ? line : operation.getDescription() + "\n\n" + line);
  }

  private static String grant(Map.Entry<CallerKind, Reach> grant) {
    return grant.getKey().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ')
        + " (" + grant.getValue().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ') + ")";
  }
}
