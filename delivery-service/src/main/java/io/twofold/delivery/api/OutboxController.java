package io.twofold.delivery.api;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.twofold.delivery.config.Senders;
import io.twofold.delivery.provider.OutboxSender;
import io.twofold.platform.security.Allow;
import io.twofold.platform.security.Permission;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.springframework.context.annotation.Profile;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The local outbox: messages that would have been sent, with their text (so the code), for local
 * walkthroughs. Exists only in the {@code local} profile and only for system administrators.
 */
@RestController
@Profile("local")
@RequestMapping("/api/v1/local/outbox")
@Allow(Permission.READ_LOCAL_OUTBOX)
@Tag(name = "Local outbox", description = "Messages the local stack would have sent (local profile only)")
public class OutboxController {

  private final Senders senders;

  public OutboxController(Senders senders) {
    this.senders = senders;
  }

  @GetMapping
  @Operation(summary = "The newest messages first, with their text; system administrators only")
  public List<Map<String, Object>> recent() {
    return senders.outboxes().stream()
        .flatMap(outbox -> outbox.recent().stream())
        .sorted(Comparator.comparing(OutboxSender.Delivered::at).reversed())
        .map(delivered -> {
          Map<String, Object> entry = new java.util.LinkedHashMap<>();
          entry.put("id", delivered.id());
          entry.put("at", delivered.at());
          entry.put("channel", delivered.message().channel());
          entry.put("to", delivered.message().to());
          if (delivered.message().subject() != null) {
            entry.put("subject", delivered.message().subject());
          }
          entry.put("text", delivered.message().text());
          return entry;
        })
        .toList();
  }
}
