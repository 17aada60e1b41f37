package dev.switchboard.management.environment;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

public interface SdkKeyRepository extends JpaRepository<SdkKey, UUID> {
  /**
   * The keys that still work at {@code now}: current ones, and rotated ones in their grace period.
   */
  @Query(
      "select k from SdkKey k where k.environmentId = :environmentId"
          + " and (k.expiresAt is null or k.expiresAt > :now) order by k.type, k.createdAt desc")
  List<SdkKey> findValid(UUID environmentId, Instant now);

  @Query(
      "select k from SdkKey k where k.environmentId = :environmentId and k.type = :type"
          + " and k.expiresAt is null")
  List<SdkKey> findCurrent(UUID environmentId, String type);
}
