package dev.switchboard.management.audit;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

@Entity
@Table(name = "audit_log")
class AuditEntry {
  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  Long id;

  @Column(name = "project_id")
  UUID projectId;

  String actor;
  Instant at;

  @Column(name = "entity_type")
  String entityType;

  @Column(name = "entity_key")
  String entityKey;

  String action;

  @JdbcTypeCode(SqlTypes.JSON)
  String before;

  @JdbcTypeCode(SqlTypes.JSON)
  String after;

  protected AuditEntry() {}

  AuditEntry(
      UUID projectId,
      String actor,
      Instant at,
      String entityType,
      String entityKey,
      String action,
      String before,
      String after) {
    this.projectId = projectId;
    this.actor = actor;
    this.at = at;
    this.entityType = entityType;
    this.entityKey = entityKey;
    this.action = action;
    this.before = before;
    this.after = after;
  }
}
