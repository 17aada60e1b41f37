package dev.switchboard.management.environment;

import dev.switchboard.management.audit.AuditLog;
import dev.switchboard.management.change.ConfigChanges;
import dev.switchboard.management.project.Project;
import dev.switchboard.management.project.Projects;
import dev.switchboard.management.security.Caller;
import dev.switchboard.management.security.Role;
import dev.switchboard.management.web.ApiException;
import dev.switchboard.management.web.Keys;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
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

/** Environments of a project, and their SDK keys. */
@RestController
@RequestMapping("/api/v1/projects/{project}/environments")
class EnvironmentController {
  private static final Duration MAX_GRACE = Duration.ofDays(30);

  private final Projects projects;
  private final EnvironmentRepository repository;
  private final Environments environments;
  private final ConfigChanges changes;
  private final AuditLog audit;
  private final Clock clock;

  EnvironmentController(
      Projects projects,
      EnvironmentRepository repository,
      Environments environments,
      ConfigChanges changes,
      AuditLog audit,
      Clock clock) {
    this.projects = projects;
    this.repository = repository;
    this.environments = environments;
    this.changes = changes;
    this.audit = audit;
    this.clock = clock;
  }

  record CreateEnvironment(
      @NotNull @Pattern(regexp = Keys.PATTERN) String key,
      @NotBlank @Size(max = 200) String name) {}

  record UpdateEnvironment(@NotBlank @Size(max = 200) String name) {}

  record EnvironmentView(UUID id, String key, String name, long configVersion) {
    static EnvironmentView of(Environment environment) {
      return new EnvironmentView(
          environment.id(), environment.key(), environment.name(), environment.configVersion());
    }
  }

  record KeyView(String type, String key, Instant createdAt, @Nullable Instant expiresAt) {
    static KeyView of(SdkKey key) {
      return new KeyView(key.type(), key.key(), key.createdAt(), key.expiresAt());
    }
  }

  @GetMapping
  @Transactional(readOnly = true)
  List<EnvironmentView> list(Caller caller, @PathVariable String project) {
    Project found = projects.require(caller, project, Role.VIEWER);
    return environments.ofProject(found.id()).stream().map(EnvironmentView::of).toList();
  }

  @PostMapping
  @Transactional
  ResponseEntity<EnvironmentView> create(
      Caller caller, @PathVariable String project, @Valid @RequestBody CreateEnvironment request) {
    Project found = projects.require(caller, project, Role.EDITOR);
    if (repository.findByProjectIdAndKey(found.id(), request.key()).isPresent()) {
      throw ApiException.conflict("environment '" + request.key() + "' already exists");
    }
    Environment environment = environments.create(found.id(), request.key(), request.name());
    EnvironmentView view = EnvironmentView.of(environment);
    audit.record(caller, found.id(), "environment", environment.key(), "create", null, view);
    return ResponseEntity.created(
            URI.create("/api/v1/projects/" + project + "/environments/" + environment.key()))
        .body(view);
  }

  @GetMapping("/{environment}")
  @Transactional(readOnly = true)
  EnvironmentView get(
      Caller caller, @PathVariable String project, @PathVariable String environment) {
    return EnvironmentView.of(find(caller, project, environment, Role.VIEWER));
  }

  @PatchMapping("/{environment}")
  @Transactional
  EnvironmentView update(
      Caller caller,
      @PathVariable String project,
      @PathVariable String environment,
      @Valid @RequestBody UpdateEnvironment request) {
    Environment found = find(caller, project, environment, Role.EDITOR);
    EnvironmentView before = EnvironmentView.of(found);
    found.rename(request.name(), clock.instant());
    repository.flush();
    EnvironmentView after = EnvironmentView.of(found);
    audit.record(caller, found.projectId(), "environment", found.key(), "update", before, after);
    return after;
  }

  @DeleteMapping("/{environment}")
  @Transactional
  ResponseEntity<Void> delete(
      Caller caller, @PathVariable String project, @PathVariable String environment) {
    Environment found = find(caller, project, environment, Role.ADMIN);
    changes.environmentDeleted(found.id(), project, found.key(), found.configVersion());
    audit.record(
        caller,
        found.projectId(),
        "environment",
        found.key(),
        "delete",
        EnvironmentView.of(found),
        null);
    repository.delete(found);
    return ResponseEntity.noContent().build();
  }

  /** The keys that work now: the current server and client keys, and rotated ones in grace. */
  @GetMapping("/{environment}/keys")
  @Transactional(readOnly = true)
  List<KeyView> keys(
      Caller caller, @PathVariable String project, @PathVariable String environment) {
    Environment found = find(caller, project, environment, Role.EDITOR); // keys are secrets
    return environments.validKeys(found.id()).stream().map(KeyView::of).toList();
  }

  @PostMapping("/{environment}/keys/{type}/rotate")
  @Transactional
  KeyView rotate(
      Caller caller,
      @PathVariable String project,
      @PathVariable String environment,
      @PathVariable String type,
      @RequestParam(required = false, defaultValue = "PT0S") String gracePeriod) {
    if (!type.equals(SdkKey.SERVER) && !type.equals(SdkKey.CLIENT)) {
      throw ApiException.invalid("key type must be 'server' or 'client'");
    }
    Duration grace;
    try {
      grace = Duration.parse(gracePeriod);
    } catch (DateTimeParseException e) {
      throw ApiException.invalid("gracePeriod must be an ISO-8601 duration such as PT1H");
    }
    if (grace.isNegative() || grace.compareTo(MAX_GRACE) > 0) {
      throw ApiException.invalid("gracePeriod must be from PT0S to " + MAX_GRACE);
    }
    Environment found = find(caller, project, environment, Role.EDITOR);
    SdkKey fresh = environments.rotate(found, type, grace);
    audit.record(
        caller,
        found.projectId(),
        "sdk-key",
        found.key() + "/" + type,
        "rotate",
        null,
        new KeyView(type, "(new key, not logged)", fresh.createdAt(), null));
    return KeyView.of(fresh);
  }

  private Environment find(Caller caller, String project, String environment, Role role) {
    Project found = projects.require(caller, project, role);
    return repository
        .findByProjectIdAndKey(found.id(), environment)
        .orElseThrow(
            () ->
                ApiException.notFound(
                    "environment '" + environment + "' of project '" + project + "'"));
  }
}
