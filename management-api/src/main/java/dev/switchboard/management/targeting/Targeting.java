package dev.switchboard.management.targeting;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.io.Serializable;
import java.time.Instant;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;
import org.jspecify.annotations.Nullable;

/** A feature's targeting in one environment: on/off, off variation, ordered rules (JSON). */
@Entity
@Table(name = "targeting")
@IdClass(Targeting.Key.class)
class Targeting {
  @Id
  @Column(name = "feature_id")
  UUID featureId;

  @Id
  @Column(name = "environment_id")
  UUID environmentId;

  boolean enabled;

  @Column(name = "off_variation")
  @Nullable String offVariation;

  @JdbcTypeCode(SqlTypes.JSON)
  String rules;

  @Column(name = "updated_at")
  Instant updatedAt;

  @Version long version;

  protected Targeting() {}

  Targeting(UUID featureId, UUID environmentId, Instant now) {
    this.featureId = featureId;
    this.environmentId = environmentId;
    this.rules = "[]";
    this.updatedAt = now;
  }

  record Key(UUID featureId, UUID environmentId) implements Serializable {
    Key() {
      this(null, null);
    }
  }
}
