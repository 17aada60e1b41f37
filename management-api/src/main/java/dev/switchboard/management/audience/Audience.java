package dev.switchboard.management.audience;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** A reusable project audience: one filter, as in the config document. */
@Entity
@Table(name = "audience")
class Audience {
  @Id UUID id;

  @Column(name = "project_id")
  UUID projectId;

  String key;
  String name;

  @JdbcTypeCode(SqlTypes.JSON)
  String filter;

  @Column(name = "created_at")
  Instant createdAt;

  @Column(name = "updated_at")
  Instant updatedAt;

  @Version long version;

  protected Audience() {}

  Audience(UUID projectId, String key, Instant now) {
    this.id = UUID.randomUUID();
    this.projectId = projectId;
    this.key = key;
    this.createdAt = now;
    this.updatedAt = now;
  }
}
