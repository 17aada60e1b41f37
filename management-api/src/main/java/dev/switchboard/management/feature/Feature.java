package dev.switchboard.management.feature;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;
import org.jspecify.annotations.Nullable;

/** A feature: its typed variables and its variations, stored as the config document shapes. */
@Entity
@Table(name = "feature")
public class Feature {
  @Id UUID id;

  @Column(name = "project_id")
  UUID projectId;

  String key;
  String name;
  @Nullable String description;

  @Column(name = "client_visible")
  boolean clientVisible;

  @JdbcTypeCode(SqlTypes.JSON)
  String variables;

  @JdbcTypeCode(SqlTypes.JSON)
  String variations;

  @Column(name = "archived_at")
  @Nullable Instant archivedAt;

  @Column(name = "created_at")
  Instant createdAt;

  @Column(name = "updated_at")
  Instant updatedAt;

  @Version long version;

  protected Feature() {}

  Feature(UUID projectId, String key, Instant now) {
    this.id = UUID.randomUUID();
    this.projectId = projectId;
    this.key = key;
    this.createdAt = now;
    this.updatedAt = now;
  }

  public UUID id() {
    return id;
  }

  public String key() {
    return key;
  }

  public UUID projectId() {
    return projectId;
  }

  public boolean archived() {
    return archivedAt != null;
  }
}
