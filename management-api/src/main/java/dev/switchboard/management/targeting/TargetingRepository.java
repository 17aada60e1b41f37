package dev.switchboard.management.targeting;

import jakarta.persistence.LockModeType;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;

interface TargetingRepository extends JpaRepository<Targeting, Targeting.Key> {
  @Query(
      "select t from Targeting t where t.featureId = :featureId and t.environmentId = :environmentId")
  Optional<Targeting> find(UUID featureId, UUID environmentId);

  /** For writes: concurrent writers queue on the row, so If-Match is checked in commit order. */
  @Lock(LockModeType.PESSIMISTIC_WRITE)
  @Query(
      "select t from Targeting t where t.featureId = :featureId and t.environmentId = :environmentId")
  Optional<Targeting> lock(UUID featureId, UUID environmentId);
}
