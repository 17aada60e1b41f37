package dev.switchboard.management.project;

import dev.switchboard.management.audit.AuditLog;
import dev.switchboard.management.change.ConfigChanges;
import dev.switchboard.management.environment.Environment;
import dev.switchboard.management.environment.Environments;
import dev.switchboard.management.security.Caller;
import dev.switchboard.management.security.Role;
import dev.switchboard.management.web.Keys;
import dev.switchboard.management.web.Page;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.data.domain.Limit;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Projects; creating one creates the environments development, staging and production. */
@RestController
@RequestMapping("/api/v1/projects")
class ProjectController {
  private final ProjectRepository projects;
  private final Projects lookup;
  private final Environments environments;
  private final ConfigChanges changes;
  private final AuditLog audit;
  private final Clock clock;

  ProjectController(
      ProjectRepository projects,
      Projects lookup,
      Environments environments,
      ConfigChanges changes,
      AuditLog audit,
      Clock clock) {
    this.projects = projects;
    this.lookup = lookup;
    this.environments = environments;
    this.changes = changes;
    this.audit = audit;
    this.clock = clock;
  }

  record CreateProject(
      @NotNull @Pattern(regexp = Keys.PATTERN) String key,
      @NotBlank @Size(max = 200) String name) {}

  record UpdateProject(@NotBlank @Size(max = 200) String name) {}

  record EnvironmentSummary(UUID id, String key, String name) {}

  record ProjectView(
      UUID id,
      String key,
      String name,
      Instant createdAt,
      Instant updatedAt,
      @Nullable List<EnvironmentSummary> environments) {
    static ProjectView of(Project project, @Nullable List<Environment> environments) {
      return new ProjectView(
          project.id(),
          project.key(),
          project.name(),
          project.createdAt(),
          project.updatedAt(),
          environments == null
              ? null
              : environments.stream()
                  .map(e -> new EnvironmentSummary(e.id(), e.key(), e.name()))
                  .toList());
    }
  }

  @PostMapping
  @Transactional
  ResponseEntity<ProjectView> create(Caller caller, @Valid @RequestBody CreateProject request) {
    caller.requireUnscoped(Role.EDITOR);
    Project project =
        projects.saveAndFlush(new Project(request.key(), request.name(), clock.instant()));
    for (String key : Environment.DEFAULT_KEYS) {
      environments.create(
          project.id(), key, Character.toUpperCase(key.charAt(0)) + key.substring(1));
    }
    ProjectView view = ProjectView.of(project, environments.ofProject(project.id()));
    audit.record(caller, project.id(), "project", project.key(), "create", null, view);
    return ResponseEntity.created(URI.create("/api/v1/projects/" + project.key())).body(view);
  }

  @GetMapping
  @Transactional(readOnly = true)
  Page<ProjectView> list(
      Caller caller,
      @RequestParam(required = false) Integer limit,
      @RequestParam(required = false) String cursor) {
    caller.requireUnscopedOrScoped(Role.VIEWER);
    int size = Page.limit(limit);
    String after = Page.after(cursor);
    List<Project> rows =
        caller.projects() == null
            ? projects.findByKeyGreaterThanOrderByKeyAsc(after, Limit.of(size + 1))
            : projects.findByKeyGreaterThanAndKeyInOrderByKeyAsc(
                after, caller.projects(), Limit.of(size + 1));
    return Page.of(rows, size, Project::key, p -> ProjectView.of(p, null));
  }

  @GetMapping("/{project}")
  @Transactional(readOnly = true)
  ProjectView get(Caller caller, @PathVariable String project) {
    Project found = lookup.require(caller, project, Role.VIEWER);
    return ProjectView.of(found, environments.ofProject(found.id()));
  }

  @PatchMapping("/{project}")
  @Transactional
  ProjectView update(
      Caller caller, @PathVariable String project, @Valid @RequestBody UpdateProject request) {
    Project found = lookup.require(caller, project, Role.EDITOR);
    ProjectView before = ProjectView.of(found, null);
    found.rename(request.name(), clock.instant());
    projects.flush();
    ProjectView after = ProjectView.of(found, null);
    audit.record(caller, found.id(), "project", found.key(), "update", before, after);
    return ProjectView.of(found, environments.ofProject(found.id()));
  }

  @DeleteMapping("/{project}")
  @Transactional
  ResponseEntity<Void> delete(Caller caller, @PathVariable String project) {
    Project found = lookup.require(caller, project, Role.ADMIN);
    for (Environment environment : environments.ofProject(found.id())) {
      changes.environmentDeleted(
          environment.id(), found.key(), environment.key(), environment.configVersion());
    }
    audit.record(
        caller, found.id(), "project", found.key(), "delete", ProjectView.of(found, null), null);
    projects.delete(found);
    return ResponseEntity.noContent().build();
  }
}
