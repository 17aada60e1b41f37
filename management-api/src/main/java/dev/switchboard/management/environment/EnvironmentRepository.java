package dev.switchboard.management.environment;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;

public interface EnvironmentRepository extends JpaRepository<Environment, UUID> {
  List<Environment> findByProjectIdOrderByKeyAsc(UUID projectId);

  Optional<Environment> findByProjectIdAndKey(UUID projectId, String key);
}
