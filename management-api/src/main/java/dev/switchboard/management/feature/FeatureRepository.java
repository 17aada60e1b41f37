package dev.switchboard.management.feature;

import jakarta.persistence.LockModeType;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.domain.Limit;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;

public interface FeatureRepository extends JpaRepository<Feature, UUID> {
  Optional<Feature> findByProjectIdAndKey(UUID projectId, String key);

  /** For writes: concurrent writers of one feature queue here, so If-Match is checked in order. */
  @Lock(LockModeType.PESSIMISTIC_WRITE)
  @Query("select f from Feature f where f.projectId = :projectId and f.key = :key")
  Optional<Feature> lockByProjectIdAndKey(UUID projectId, String key);

  List<Feature> findByProjectIdAndKeyGreaterThanOrderByKeyAsc(
      UUID projectId, String after, Limit limit);
}
