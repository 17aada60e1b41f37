package dev.switchboard.management.audience;

import jakarta.persistence.LockModeType;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.domain.Limit;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;

interface AudienceRepository extends JpaRepository<Audience, UUID> {
  Optional<Audience> findByProjectIdAndKey(UUID projectId, String key);

  @Lock(LockModeType.PESSIMISTIC_WRITE)
  @Query("select a from Audience a where a.projectId = :projectId and a.key = :key")
  Optional<Audience> lockByProjectIdAndKey(UUID projectId, String key);

  List<Audience> findByProjectIdAndKeyGreaterThanOrderByKeyAsc(
      UUID projectId, String after, Limit limit);
}
