package dev.switchboard.management.audit;

import dev.switchboard.management.security.Caller;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/**
 * Records who changed what, with the entity before and after, in the change's transaction. One
 * plain insert (every write pays for it, so it does not go through the persistence context).
 */
@Service
public class AuditLog {
  private final JdbcClient jdbc;
  private final JsonMapper json;
  private final Clock clock;

  AuditLog(JdbcClient jdbc, JsonMapper json, Clock clock) {
    this.jdbc = jdbc;
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
    jdbc.sql(
            "insert into audit_log (project_id, actor, at, entity_type, entity_key, action, before,"
                + " after) values (:project, :actor, :at, :type, :key, :action,"
                + " cast(:before as jsonb), cast(:after as jsonb))")
        .param("project", projectId)
        .param("actor", actor.name())
        .param("at", Timestamp.from(clock.instant()))
        .param("type", entityType)
        .param("key", entityKey)
        .param("action", action)
        .param("before", before == null ? null : json.writeValueAsString(before))
        .param("after", after == null ? null : json.writeValueAsString(after))
        .update();
  }
}
