package dev.switchboard.management.project;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.UUID;

@Entity
@Table(name = "project")
public class Project {
  @Id private UUID id;
  private String key;
  private String name;

  @Column(name = "created_at")
  private Instant createdAt;

  @Column(name = "updated_at")
  private Instant updatedAt;

  @Version private long version;

  protected Project() {}

  Project(String key, String name, Instant now) {
    this.id = UUID.randomUUID();
    this.key = key;
    this.name = name;
    this.createdAt = now;
    this.updatedAt = now;
  }

  public UUID id() {
    return id;
  }

  public String key() {
    return key;
  }

  public String name() {
    return name;
  }

  void rename(String name, Instant now) {
    this.name = name;
    this.updatedAt = now;
  }

  Instant createdAt() {
    return createdAt;
  }

  Instant updatedAt() {
    return updatedAt;
  }
}
