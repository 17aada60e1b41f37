package dev.switchboard.management.feature;

import dev.switchboard.management.audit.AuditLog;
import dev.switchboard.management.change.ConfigChanges;
import dev.switchboard.management.environment.Environment;
import dev.switchboard.management.environment.Environments;
import dev.switchboard.management.project.Project;
import dev.switchboard.management.project.Projects;
import dev.switchboard.management.security.Caller;
import dev.switchboard.management.security.Role;
import dev.switchboard.management.targeting.Targetings;
import dev.switchboard.management.web.ApiException;
import dev.switchboard.management.web.Keys;
import dev.switchboard.management.web.Page;
import dev.switchboard.management.web.Versions;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
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
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Features with their typed variables and variations. Whether the variations' values fit the
 * variables' types, and everything else an SDK needs, is checked by bucketing-core on the resulting
 * config document of every environment (see ConfigChanges).
 */
@RestController
@RequestMapping("/api/v1/projects/{project}/features")
class FeatureController {
  private final Projects projects;
  private final FeatureRepository features;
  private final Environments environments;
  private final Targetings targetings;
  private final ConfigChanges changes;
  private final AuditLog audit;
  private final JsonMapper json;
  private final Clock clock;

  FeatureController(
      Projects projects,
      FeatureRepository features,
      Environments environments,
      Targetings targetings,
      ConfigChanges changes,
      AuditLog audit,
      JsonMapper json,
      Clock clock) {
    this.projects = projects;
    this.features = features;
    this.environments = environments;
    this.targetings = targetings;
    this.changes = changes;
    this.audit = audit;
    this.json = json;
    this.clock = clock;
  }

  record Variable(
      @NotNull @Pattern(regexp = Keys.PATTERN) String key,
      @NotNull @Pattern(regexp = "boolean|string|number|json") String type,
      @Nullable @Size(max = 1000) String description) {}

  record Variation(
      @NotNull @Pattern(regexp = Keys.PATTERN) String key,
      @Nullable @Size(max = 200) String name,
      @NotNull Map<String, JsonNode> values) {}

  record CreateFeature(
      @NotNull @Pattern(regexp = Keys.PATTERN) String key,
      @NotBlank @Size(max = 200) String name,
      @Nullable @Size(max = 2000) String description,
      @Nullable Boolean clientVisible,
      @NotNull @Size(max = 100) List<@Valid @NotNull Variable> variables,
      @NotEmpty @Size(max = 100) List<@Valid @NotNull Variation> variations) {}

  record UpdateFeature(
      @Nullable @Size(min = 1, max = 200) String name,
      @Nullable @Size(max = 2000) String description,
      @Nullable Boolean clientVisible,
      @Nullable @Size(max = 100) List<@Valid @NotNull Variable> variables,
      @Nullable @Size(min = 1, max = 100) List<@Valid @NotNull Variation> variations) {}

  record FeatureView(
      UUID id,
      String key,
      String name,
      @Nullable String description,
      boolean clientVisible,
      List<Variable> variables,
      List<Variation> variations,
      @Nullable Instant archivedAt,
      Instant createdAt,
      Instant updatedAt,
      long version) {}

  @PostMapping
  @Transactional
  ResponseEntity<FeatureView> create(
      Caller caller, @PathVariable String project, @Valid @RequestBody CreateFeature request) {
    Project found = projects.require(caller, project, Role.EDITOR);
    if (features.findByProjectIdAndKey(found.id(), request.key()).isPresent()) {
      throw ApiException.conflict(
          "feature '" + request.key() + "' already exists (perhaps archived)");
    }
    Feature feature = new Feature(found.id(), request.key(), clock.instant());
    feature.name = request.name();
    feature.description = request.description();
    feature.clientVisible = Boolean.TRUE.equals(request.clientVisible());
    feature.variables = json.writeValueAsString(request.variables());
    feature.variations = json.writeValueAsString(request.variations());
    features.saveAndFlush(feature);
    List<Environment> all = environments.ofProject(found.id());
    for (Environment environment : all) {
      targetings.createOff(feature.id(), environment.id());
    }
    changes.environmentsChanged(all.stream().map(Environment::id).toList());
    FeatureView view = view(feature);
    audit.record(caller, found.id(), "feature", feature.key, "create", null, view);
    return Versions.withEtag(
        ResponseEntity.created(
            URI.create("/api/v1/projects/" + project + "/features/" + feature.key)),
        feature.version,
        view);
  }

  @GetMapping
  @Transactional(readOnly = true)
  Page<FeatureView> list(
      Caller caller,
      @PathVariable String project,
      @RequestParam(required = false) Integer limit,
      @RequestParam(required = false) String cursor) {
    Project found = projects.require(caller, project, Role.VIEWER);
    int size = Page.limit(limit);
    List<Feature> rows =
        features.findByProjectIdAndKeyGreaterThanOrderByKeyAsc(
            found.id(), Page.after(cursor), Limit.of(size + 1));
    return Page.of(rows, size, Feature::key, this::view);
  }

  @GetMapping("/{feature}")
  @Transactional(readOnly = true)
  ResponseEntity<FeatureView> get(
      Caller caller, @PathVariable String project, @PathVariable String feature) {
    Project found = projects.require(caller, project, Role.VIEWER);
    Feature existing =
        features
            .findByProjectIdAndKey(found.id(), feature)
            .orElseThrow(() -> notFound(project, feature));
    return Versions.withEtag(ResponseEntity.ok(), existing.version, view(existing));
  }

  @PatchMapping("/{feature}")
  @Transactional
  ResponseEntity<FeatureView> update(
      Caller caller,
      @PathVariable String project,
      @PathVariable String feature,
      @RequestHeader(name = "If-Match", required = false) String ifMatch,
      @Valid @RequestBody UpdateFeature request) {
    Project found = projects.require(caller, project, Role.EDITOR);
    Feature existing = lockForWrite(found, project, feature);
    Versions.checkIfMatch(ifMatch, existing.version);
    FeatureView before = view(existing);
    if (request.name() != null) {
      existing.name = request.name();
    }
    if (request.description() != null) {
      existing.description = request.description();
    }
    if (request.clientVisible() != null) {
      existing.clientVisible = request.clientVisible();
    }
    if (request.variables() != null) {
      existing.variables = json.writeValueAsString(request.variables());
    }
    if (request.variations() != null) {
      existing.variations = json.writeValueAsString(request.variations());
    }
    existing.updatedAt = clock.instant();
    features.flush(); // bumps the version
    changes.environmentsChanged(environments.idsOf(found.id()));
    FeatureView after = view(existing);
    audit.record(caller, found.id(), "feature", existing.key, "update", before, after);
    return Versions.withEtag(ResponseEntity.ok(), existing.version, after);
  }

  /** Archives the feature: it leaves every config; its key stays taken. */
  @DeleteMapping("/{feature}")
  @Transactional
  ResponseEntity<Void> archive(
      Caller caller,
      @PathVariable String project,
      @PathVariable String feature,
      @RequestHeader(name = "If-Match", required = false) String ifMatch) {
    Project found = projects.require(caller, project, Role.EDITOR);
    Feature existing =
        features
            .lockByProjectIdAndKey(found.id(), feature)
            .orElseThrow(() -> notFound(project, feature));
    Versions.checkIfMatch(ifMatch, existing.version);
    if (!existing.archived()) {
      FeatureView before = view(existing);
      existing.archivedAt = clock.instant();
      existing.updatedAt = existing.archivedAt;
      features.flush();
      changes.environmentsChanged(environments.idsOf(found.id()));
      audit.record(caller, found.id(), "feature", existing.key, "archive", before, view(existing));
    }
    return ResponseEntity.noContent().build();
  }

  private Feature lockForWrite(Project project, String projectKey, String feature) {
    Feature existing =
        features
            .lockByProjectIdAndKey(project.id(), feature)
            .orElseThrow(() -> notFound(projectKey, feature));
    if (existing.archived()) {
      throw ApiException.conflict("feature '" + feature + "' is archived");
    }
    return existing;
  }

  private static ApiException notFound(String project, String feature) {
    return ApiException.notFound("feature '" + feature + "' of project '" + project + "'");
  }

  private FeatureView view(Feature feature) {
    return new FeatureView(
        feature.id,
        feature.key,
        feature.name,
        feature.description,
        feature.clientVisible,
        json.readValue(feature.variables, new TypeReference<List<Variable>>() {}),
        json.readValue(feature.variations, new TypeReference<List<Variation>>() {}),
        feature.archivedAt,
        feature.createdAt,
        feature.updatedAt,
        feature.version);
  }
}
