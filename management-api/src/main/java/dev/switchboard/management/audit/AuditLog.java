package dev.switchboard.management.audit;

import dev.switchboard.management.security.Caller;
import java.time.Clock;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/** Records who changed what, with the entity before and after, in the change's transaction. */
@Service
public class AuditLog {
  private final AuditEntryRepository entries;
  private final JsonMapper json;
  private final Clock clock;

  AuditLog(AuditEntryRepository entries, JsonMapper json, Clock clock) {
    this.entries = entries;
    this.json = json;
    this.clock = clock;
  }

  /** Appends one entry; must run inside the write's transaction (it fails otherwise). */
  @Transactional(propagation = Propagation.MANDATORY)
  public void record(
      Caller actor,
      @Nullable UUID projectId,
      String entityType,
      String entityKey,
      String action,
      @Nullable Object before,
      @Nullable Object after) {
    entries.save(
        new AuditEntry(
            projectId,
            actor.name(),
            clock.instant(),
            entityType,
            entityKey,
            action,
            before == null ? null : json.writeValueAsString(before),
            after == null ? null : json.writeValueAsString(after)));
  }
}
