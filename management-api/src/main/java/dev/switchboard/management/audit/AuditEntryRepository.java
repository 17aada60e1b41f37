package dev.switchboard.management.audit;

import java.util.List;
import java.util.UUID;
import org.springframework.data.domain.Limit;
import org.springframework.data.jpa.repository.JpaRepository;

interface AuditEntryRepository extends JpaRepository<AuditEntry, Long> {
  List<AuditEntry> findByProjectIdAndIdLessThanOrderByIdDesc(
      UUID projectId, long before, Limit limit);
}
