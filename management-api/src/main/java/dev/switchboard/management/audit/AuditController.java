package dev.switchboard.management.audit;

import dev.switchboard.management.project.Project;
import dev.switchboard.management.project.Projects;
import dev.switchboard.management.security.Caller;
import dev.switchboard.management.security.Role;
import dev.switchboard.management.web.Page;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.data.domain.Limit;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Who changed what in a project, newest first. */
@RestController
class AuditController {
  private final Projects projects;
  private final AuditEntryRepository entries;
  private final JsonMapper json;

  AuditController(Projects projects, AuditEntryRepository entries, JsonMapper json) {
    this.projects = projects;
    this.entries = entries;
    this.json = json;
  }

  record AuditView(
      long id,
      String actor,
      Instant at,
      String entityType,
      String entityKey,
      String action,
      @Nullable JsonNode before,
      @Nullable JsonNode after) {}

  @GetMapping("/api/v1/projects/{project}/audit")
  @Transactional(readOnly = true)
  Page<AuditView> list(
      Caller caller,
      @PathVariable String project,
      @RequestParam(required = false) Integer limit,
      @RequestParam(required = false) String cursor) {
    Project found = projects.require(caller, project, Role.VIEWER);
    int size = Page.limit(limit);
    String after = Page.after(cursor);
    long before;
    try {
      before = after.isEmpty() ? Long.MAX_VALUE : Long.parseLong(after);
    } catch (NumberFormatException e) {
      before = Long.MAX_VALUE - 1; // a cursor we did not issue: start from the newest
    }
    List<AuditEntry> rows =
        entries.findByProjectIdAndIdLessThanOrderByIdDesc(found.id(), before, Limit.of(size + 1));
    return Page.of(rows, size, entry -> Long.toString(entry.id), this::view);
  }

  private AuditView view(AuditEntry entry) {
    return new AuditView(
        entry.id,
        entry.actor,
        entry.at,
        entry.entityType,
        entry.entityKey,
        entry.action,
        entry.before == null ? null : json.readTree(entry.before),
        entry.after == null ? null : json.readTree(entry.after));
  }
}
