package dev.switchboard.management.environment;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * An SDK key: {@code server-…} (secret, reads the full config) or {@code client-…} (public, reads
 * pre-evaluated client-visible values). A rotated key keeps working until {@code expiresAt}.
 */
@Entity
@Table(name = "sdk_key")
public class SdkKey {
  public static final String SERVER = "server";
  public static final String CLIENT = "client";

  @Id private UUID id;

  @Column(name = "environment_id")
  private UUID environmentId;

  private String type;
  private String key;

  @Column(name = "created_at")
  private Instant createdAt;

  @Column(name = "expires_at")
  private @Nullable Instant expiresAt;

  protected SdkKey() {}

  SdkKey(UUID environmentId, String type, String key, Instant now) {
    this.id = UUID.randomUUID();
    this.environmentId = environmentId;
    this.type = type;
    this.key = key;
    this.createdAt = now;
  }

  public String type() {
    return type;
  }

  public String key() {
    return key;
  }

  public Instant createdAt() {
    return createdAt;
  }

  public @Nullable Instant expiresAt() {
    return expiresAt;
  }

  void expireAt(Instant when) {
    this.expiresAt = when;
  }
}
