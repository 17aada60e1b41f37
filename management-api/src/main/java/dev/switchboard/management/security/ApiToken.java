package dev.switchboard.management.security;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

@Entity
@Table(name = "api_token")
class ApiToken {
  @Id UUID id;
  String name;

  @Column(name = "token_hash")
  String tokenHash;

  String role;

  @JdbcTypeCode(SqlTypes.JSON)
  List<String> projects;

  @Column(name = "created_at")
  Instant createdAt;

  @Column(name = "created_by")
  String createdBy;

  @Column(name = "revoked_at")
  Instant revokedAt;

  protected ApiToken() {}

  ApiToken(
      String name,
      String tokenHash,
      Role role,
      List<String> projects,
      String createdBy,
      Instant now) {
    this.id = UUID.randomUUID();
    this.name = name;
    this.tokenHash = tokenHash;
    this.role = role.wireName();
    this.projects = projects;
    this.createdBy = createdBy;
    this.createdAt = now;
  }
}
