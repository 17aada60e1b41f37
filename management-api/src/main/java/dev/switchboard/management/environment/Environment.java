package dev.switchboard.management.environment;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.UUID;

@Entity
@Table(name = "environment")
public class Environment {
  /** The environments every new project starts with. */
  public static final String[] DEFAULT_KEYS = {"development", "staging", "production"};

  @Id private UUID id;

  @Column(name = "project_id")
  private UUID projectId;

  private String key;
  private String name;

  // Written only by ConfigChanges, with SQL that bumps it under a row lock.
  @Column(name = "config_version", insertable = false, updatable = false)
  private long configVersion;

  @Column(name = "created_at")
  private Instant createdAt;

  @Column(name = "updated_at")
  private Instant updatedAt;

  @Version private long version;

  protected Environment() {}

  Environment(UUID projectId, String key, String name, Instant now) {
    this.id = UUID.randomUUID();
    this.projectId = projectId;
    this.key = key;
    this.name = name;
    this.createdAt = now;
    this.updatedAt = now;
  }

  public UUID id() {
    return id;
  }

  public UUID projectId() {
    return projectId;
  }

  public String key() {
    return key;
  }

  public String name() {
    return name;
  }

  public long configVersion() {
    return configVersion;
  }

  void rename(String name, Instant now) {
    this.name = name;
    this.updatedAt = now;
  }
}
