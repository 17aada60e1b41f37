package dev.switchboard.management.targeting;

import dev.switchboard.management.audit.AuditLog;
import dev.switchboard.management.change.ConfigChanges;
import dev.switchboard.management.change.ConfigDocuments;
import dev.switchboard.management.security.Caller;
import dev.switchboard.management.security.Role;
import dev.switchboard.management.targeting.Targetings.Target;
import dev.switchboard.management.web.ApiException;
import dev.switchboard.management.web.Keys;
import dev.switchboard.management.web.Versions;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;

/**
 * A feature's targeting in one environment, in the config document's own shape ({@code on}, {@code
 * offVariation}, {@code rules}: docs/config-format.md), plus the one-call on/off switch.
 */
@RestController
@RequestMapping("/api/v1/projects/{project}/features/{feature}/targeting/{environment}")
class TargetingController {
  private final JdbcClient jdbc;
  private final Targetings targetings;
  private final ConfigChanges changes;
  private final AuditLog audit;
  private final JsonMapper json;

  TargetingController(
      JdbcClient jdbc,
      Targetings targetings,
      ConfigChanges changes,
      AuditLog audit,
      JsonMapper json) {
    this.jdbc = jdbc;
    this.targetings = targetings;
    this.changes = changes;
    this.audit = audit;
    this.json = json;
  }

  /**
   * @param on whether the feature serves its rules (off: the off variation, or SDK defaults)
   * @param offVariation the variation served while off
   * @param rules ordered targeting rules, as in the config document; validated by bucketing-core
   */
  record TargetingBody(
      @NotNull Boolean on,
      @Nullable @Pattern(regexp = Keys.PATTERN) String offVariation,
      @Nullable ArrayNode rules) {}

  record TargetingView(boolean on, @Nullable String offVariation, JsonNode rules, long version) {}

  @GetMapping
  @Transactional(readOnly = true)
  ResponseEntity<TargetingView> get(
      Caller caller,
      @PathVariable String project,
      @PathVariable String feature,
      @PathVariable String environment) {
    Target target = resolve(caller, project, feature, environment, Role.VIEWER);
    Targetings.Row targeting = targetings.find(target.featureId(), target.environmentId());
    return Versions.withEtag(ResponseEntity.ok(), targeting.version(), view(targeting));
  }

  @PutMapping
  @Transactional
  ResponseEntity<TargetingView> put(
      Caller caller,
      @PathVariable String project,
      @PathVariable String feature,
      @PathVariable String environment,
      @RequestHeader(name = "If-Match", required = false) String ifMatch,
      @Valid @RequestBody TargetingBody body) {
    return write(
        caller,
        project,
        feature,
        environment,
        ifMatch,
        "update",
        body.on(),
        body.offVariation(),
        body.rules() == null ? json.createArrayNode() : body.rules(),
        true);
  }

  /** The kill switch's other half: turn the feature on here, rules unchanged. */
  @PostMapping("/on")
  @Transactional
  ResponseEntity<TargetingView> on(
      Caller caller,
      @PathVariable String project,
      @PathVariable String feature,
      @PathVariable String environment,
      @RequestHeader(name = "If-Match", required = false) String ifMatch) {
    return write(
        caller, project, feature, environment, ifMatch, "turn-on", true, null, null, false);
  }

  /** The kill switch: serve the off variation (or SDK defaults) here, in one call. */
  @PostMapping("/off")
  @Transactional
  ResponseEntity<TargetingView> off(
      Caller caller,
      @PathVariable String project,
      @PathVariable String feature,
      @PathVariable String environment,
      @RequestHeader(name = "If-Match", required = false) String ifMatch) {
    return write(
        caller, project, feature, environment, ifMatch, "turn-off", false, null, null, false);
  }

  private ResponseEntity<TargetingView> write(
      Caller caller,
      String project,
      String feature,
      String environment,
      @Nullable String ifMatch,
      String action,
      boolean on,
      @Nullable String offVariation,
      @Nullable JsonNode rules,
      boolean replace) {
    caller.require(Role.EDITOR, project);
    Targetings.Locked locked =
        targetings
            .lock(project, feature, environment)
            .orElseGet(
                () -> {
                  // something is missing: say what (404), or create the row and lock it
                  Target target = resolve(caller, project, feature, environment, Role.EDITOR);
                  return new Targetings.Locked(
                      target, targetings.lock(target.featureId(), target.environmentId()));
                });
    Target target = locked.target();
    if (target.archived()) {
      throw ApiException.conflict("feature '" + feature + "' is archived");
    }
    Targetings.Row current = locked.row();
    Versions.checkIfMatch(ifMatch, current.version());
    TargetingView before = view(current);
    Targetings.Row written =
        targetings.update(
            target.featureId(),
            target.environmentId(),
            on,
            replace ? offVariation : current.offVariation(),
            replace ? json.writeValueAsString(rules) : current.rules());
    TargetingView after =
        new TargetingView(
            on, written.offVariation(), replace ? rules : before.rules(), written.version());
    // audit first: the environment's row lock, taken next, is then held as briefly as possible
    audit.record(
        caller,
        target.projectId(),
        "targeting",
        feature + "/" + environment,
        action,
        before,
        after);
    // the document gets the rules as stored (jsonb's member order), as a rebuild would read them
    changes.targetingChanged(
        target.environmentId(),
        feature,
        new ConfigDocuments.FeatureTargeting(on, written.offVariation(), written.rules()));
    return Versions.withEtag(ResponseEntity.ok(), written.version(), after);
  }

  /**
   * Finds project, feature and environment in one query, or says which is missing (404). A write
   * first tries {@link Targetings#lock(String, String, String)}, which also locks the row.
   */
  private Target resolve(
      Caller caller, String project, String feature, String environment, Role role) {
    caller.require(role, project);
    Target target =
        jdbc.sql(
                "select p.id as project_id, f.id as feature_id, f.archived_at is not null as archived,"
                    + " e.id as environment_id from project p"
                    + " left join feature f on f.project_id = p.id and f.key = :feature"
                    + " left join environment e on e.project_id = p.id and e.key = :environment"
                    + " where p.key = :project")
            .param("project", project)
            .param("feature", feature)
            .param("environment", environment)
            .query(
                (rs, n) ->
                    new Target(
                        rs.getObject("project_id", UUID.class),
                        rs.getObject("feature_id", UUID.class),
                        rs.getBoolean("archived"),
                        rs.getObject("environment_id", UUID.class)))
            .optional()
            .orElseThrow(() -> ApiException.notFound("project '" + project + "'"));
    if (target.featureId() == null) {
      throw ApiException.notFound("feature '" + feature + "' of project '" + project + "'");
    }
    if (target.environmentId() == null) {
      throw ApiException.notFound("environment '" + environment + "' of project '" + project + "'");
    }
    return target;
  }

  private TargetingView view(Targetings.Row targeting) {
    return new TargetingView(
        targeting.on(),
        targeting.offVariation(),
        json.readTree(targeting.rules()),
        targeting.version());
  }
}
