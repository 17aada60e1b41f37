package dev.switchboard.management.project;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.domain.Limit;
import org.springframework.data.jpa.repository.JpaRepository;

interface ProjectRepository extends JpaRepository<Project, UUID> {
  Optional<Project> findByKey(String key);

  List<Project> findByKeyGreaterThanOrderByKeyAsc(String after, Limit limit);

  List<Project> findByKeyGreaterThanAndKeyInOrderByKeyAsc(
      String after, Collection<String> keys, Limit limit);
}
