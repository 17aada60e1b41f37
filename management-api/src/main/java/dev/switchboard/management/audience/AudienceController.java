package dev.switchboard.management.audience;

import dev.switchboard.management.audit.AuditLog;
import dev.switchboard.management.change.ConfigChanges;
import dev.switchboard.management.environment.Environments;
import dev.switchboard.management.project.Project;
import dev.switchboard.management.project.Projects;
import dev.switchboard.management.security.Caller;
import dev.switchboard.management.security.Role;
import dev.switchboard.management.web.ApiException;
import dev.switchboard.management.web.Keys;
import dev.switchboard.management.web.Page;
import dev.switchboard.management.web.Versions;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import org.springframework.data.domain.Limit;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reusable audiences. A change is checked against every environment's document, so a filter that is
 * malformed, a reference cycle, or deleting an audience still in use is a 422.
 */
@RestController
@RequestMapping("/api/v1/projects/{project}/audiences")
class AudienceController {
  private final Projects projects;
  private final AudienceRepository audiences;
  private final Environments environments;
  private final ConfigChanges changes;
  private final AuditLog audit;
  private final JsonMapper json;
  private final Clock clock;

  AudienceController(
      Projects projects,
      AudienceRepository audiences,
      Environments environments,
      ConfigChanges changes,
      AuditLog audit,
      JsonMapper json,
      Clock clock) {
    this.projects = projects;
    this.audiences = audiences;
    this.environments = environments;
    this.changes = changes;
    this.audit = audit;
    this.json = json;
    this.clock = clock;
  }

  record CreateAudience(
      @NotNull @Pattern(regexp = Keys.PATTERN) String key,
      @NotBlank @Size(max = 200) String name,
      @NotNull ObjectNode filter) {}

  record UpdateAudience(@NotBlank @Size(max = 200) String name, @NotNull ObjectNode filter) {}

  record AudienceView(
      UUID id,
      String key,
      String name,
      JsonNode filter,
      Instant createdAt,
      Instant updatedAt,
      long version) {}

  @PostMapping
  @Transactional
  ResponseEntity<AudienceView> create(
      Caller caller, @PathVariable String project, @Valid @RequestBody CreateAudience request) {
    Project found = projects.require(caller, project, Role.EDITOR);
    if (audiences.findByProjectIdAndKey(found.id(), request.key()).isPresent()) {
      throw ApiException.conflict("audience '" + request.key() + "' already exists");
    }
    Audience audience = new Audience(found.id(), request.key(), clock.instant());
    audience.name = request.name();
    audience.filter = json.writeValueAsString(request.filter());
    audiences.saveAndFlush(audience);
    changes.environmentsChanged(environments.idsOf(found.id()));
    AudienceView view = view(audience);
    audit.record(caller, found.id(), "audience", audience.key, "create", null, view);
    return Versions.withEtag(
        ResponseEntity.created(
            URI.create("/api/v1/projects/" + project + "/audiences/" + audience.key)),
        audience.version,
        view);
  }

  @GetMapping
  @Transactional(readOnly = true)
  Page<AudienceView> list(
      Caller caller,
      @PathVariable String project,
      @RequestParam(required = false) Integer limit,
      @RequestParam(required = false) String cursor) {
    Project found = projects.require(caller, project, Role.VIEWER);
    int size = Page.limit(limit);
    return Page.of(
        audiences.findByProjectIdAndKeyGreaterThanOrderByKeyAsc(
            found.id(), Page.after(cursor), Limit.of(size + 1)),
        size,
        a -> a.key,
        this::view);
  }

  @GetMapping("/{audience}")
  @Transactional(readOnly = true)
  ResponseEntity<AudienceView> get(
      Caller caller, @PathVariable String project, @PathVariable String audience) {
    Project found = projects.require(caller, project, Role.VIEWER);
    Audience existing =
        audiences
            .findByProjectIdAndKey(found.id(), audience)
            .orElseThrow(() -> notFound(project, audience));
    return Versions.withEtag(ResponseEntity.ok(), existing.version, view(existing));
  }

  @PutMapping("/{audience}")
  @Transactional
  ResponseEntity<AudienceView> update(
      Caller caller,
      @PathVariable String project,
      @PathVariable String audience,
      @RequestHeader(name = "If-Match", required = false) String ifMatch,
      @Valid @RequestBody UpdateAudience request) {
    Project found = projects.require(caller, project, Role.EDITOR);
    Audience existing =
        audiences
            .lockByProjectIdAndKey(found.id(), audience)
            .orElseThrow(() -> notFound(project, audience));
    Versions.checkIfMatch(ifMatch, existing.version);
    AudienceView before = view(existing);
    existing.name = request.name();
    existing.filter = json.writeValueAsString(request.filter());
    existing.updatedAt = clock.instant();
    audiences.flush();
    changes.environmentsChanged(environments.idsOf(found.id()));
    AudienceView after = view(existing);
    audit.record(caller, found.id(), "audience", existing.key, "update", before, after);
    return Versions.withEtag(ResponseEntity.ok(), existing.version, after);
  }

  @DeleteMapping("/{audience}")
  @Transactional
  ResponseEntity<Void> delete(
      Caller caller,
      @PathVariable String project,
      @PathVariable String audience,
      @RequestHeader(name = "If-Match", required = false) String ifMatch) {
    Project found = projects.require(caller, project, Role.EDITOR);
    Audience existing =
        audiences
            .lockByProjectIdAndKey(found.id(), audience)
            .orElseThrow(() -> notFound(project, audience));
    Versions.checkIfMatch(ifMatch, existing.version);
    AudienceView before = view(existing);
    audiences.delete(existing);
    changes.environmentsChanged(environments.idsOf(found.id())); // 422 while a rule still uses it
    audit.record(caller, found.id(), "audience", existing.key, "delete", before, null);
    return ResponseEntity.noContent().build();
  }

  private static ApiException notFound(String project, String audience) {
    return ApiException.notFound("audience '" + audience + "' of project '" + project + "'");
  }

  private AudienceView view(Audience audience) {
    return new AudienceView(
        audience.id,
        audience.key,
        audience.name,
        json.readTree(audience.filter),
        audience.createdAt,
        audience.updatedAt,
        audience.version);
  }
}
