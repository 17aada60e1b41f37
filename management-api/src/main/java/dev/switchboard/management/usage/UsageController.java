package dev.switchboard.management.usage;

import dev.switchboard.management.project.Project;
import dev.switchboard.management.project.Projects;
import dev.switchboard.management.security.Caller;
import dev.switchboard.management.security.Role;
import dev.switchboard.management.usage.EventsApiClient.Bucket;
import dev.switchboard.management.usage.EventsApiClient.Count;
import dev.switchboard.management.usage.EventsApiClient.FeatureVariables;
import dev.switchboard.management.usage.EventsApiClient.StaleFeature;
import dev.switchboard.management.usage.EventsApiClient.StaleRequest;
import dev.switchboard.management.web.ApiException;
import java.net.URI;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Usage and stale-feature reports. The figures live in events-api (decision 0004); this controller
 * checks the caller's token, role and project scope like every other project resource, turns keys
 * into ids and variables, and asks events-api on its internal endpoints.
 */
@RestController
class UsageController {
  static final int MAX_BUCKETS = 1500;
  static final int MAX_DAYS = 365;
  private static final Map<String, Duration> INTERVALS =
      Map.of(
          "minute", Duration.ofMinutes(1), "hour", Duration.ofHours(1), "day", Duration.ofDays(1));

  private final Projects projects;
  private final JdbcClient jdbc;
  private final EventsApiClient eventsApi;
  private final JsonMapper json;
  private final Clock clock;

  UsageController(
      Projects projects, JdbcClient jdbc, EventsApiClient eventsApi, JsonMapper json, Clock clock) {
    this.projects = projects;
    this.jdbc = jdbc;
    this.eventsApi = eventsApi;
    this.json = json;
    this.clock = clock;
  }

  /**
   * Evaluation counts of one feature.
   *
   * @param environments the environments counted (all of the project's unless one was asked for)
   * @param from the start of the first bucket (inclusive)
   * @param to the end of the last bucket (exclusive)
   * @param interval {@code minute}, {@code hour} or {@code day} (UTC)
   * @param totals the counts over the whole range per variable, variation and reason
   * @param buckets the counts per interval; intervals without evaluations are left out
   */
  record UsageReport(
      String project,
      String feature,
      List<String> environments,
      Instant from,
      Instant to,
      String interval,
      List<Count> totals,
      List<Bucket> buckets) {}

  /**
   * @param days the period looked at
   * @param since the start of that period (UTC midnight)
   * @param features the stale features: {@code reason} is {@code not-evaluated} (nothing evaluated
   *     their variables in the period; features created during it are left out) or {@code
   *     single-variation} (every evaluation served {@code variation})
   */
  record StaleReport(
      String project,
      List<String> environments,
      int days,
      Instant since,
      List<StaleFeature> features) {}

  private record EnvironmentRow(UUID id, String key) {}

  private record FeatureRow(String key, Timestamp createdAt, String variables) {}

  @GetMapping("/api/v1/projects/{project}/features/{feature}/usage")
  UsageReport usage(
      Caller caller,
      @PathVariable String project,
      @PathVariable String feature,
      @RequestParam(required = false) @Nullable String environment,
      @RequestParam(required = false) @Nullable String from,
      @RequestParam(required = false) @Nullable String to,
      @RequestParam(required = false, defaultValue = "hour") String interval) {
    Project found = projects.require(caller, project, Role.VIEWER);
    Duration step = INTERVALS.get(interval);
    if (step == null) {
      throw ApiException.invalid("interval must be minute, hour or day");
    }
    Instant end = to == null ? clock.instant() : instant("to", to);
    Instant start = from == null ? end.minus(Duration.ofDays(1)) : instant("from", from);
    Instant alignedStart = align(start, step);
    Instant alignedEnd = align(end, step);
    if (alignedEnd.isBefore(end)) {
      alignedEnd = alignedEnd.plus(step);
    }
    if (!alignedStart.isBefore(alignedEnd)) {
      throw ApiException.invalid("from must be before to");
    }
    long buckets = Duration.between(alignedStart, alignedEnd).dividedBy(step);
    if (buckets > MAX_BUCKETS) {
      throw ApiException.invalid(
          "the range spans "
              + buckets
              + " "
              + interval
              + "s; at most "
              + MAX_BUCKETS
              + " per report");
    }
    List<EnvironmentRow> environments = environments(found, project, environment);
    FeatureRow row =
        jdbc.sql(
                "select key, created_at, variables::text as variables from feature"
                    + " where project_id = :project and key = :key")
            .param("project", found.id())
            .param("key", feature)
            .query(FeatureRow.class)
            .optional()
            .orElseThrow(
                () ->
                    ApiException.notFound(
                        "feature '" + feature + "' of project '" + project + "'"));
    EventsApiClient.Usage usage =
        eventsApi.usage(
            environments.stream().map(EnvironmentRow::id).toList(),
            variables(row.variables()),
            alignedStart,
            alignedEnd,
            interval);
    return new UsageReport(
        project,
        feature,
        environments.stream().map(EnvironmentRow::key).toList(),
        usage.from(),
        usage.to(),
        usage.interval(),
        usage.totals(),
        usage.buckets());
  }

  @GetMapping("/api/v1/projects/{project}/stale-features")
  StaleReport stale(
      Caller caller,
      @PathVariable String project,
      @RequestParam(required = false) @Nullable String environment,
      @RequestParam(required = false, defaultValue = "7") int days) {
    Project found = projects.require(caller, project, Role.VIEWER);
    if (days < 1 || days > MAX_DAYS) {
      throw ApiException.invalid("days must be from 1 to " + MAX_DAYS);
    }
    List<EnvironmentRow> environments = environments(found, project, environment);
    List<FeatureVariables> features = new ArrayList<>();
    for (FeatureRow row :
        jdbc.sql(
                "select key, created_at, variables::text as variables from feature"
                    + " where project_id = :project and archived_at is null order by key")
            .param("project", found.id())
            .query(FeatureRow.class)
            .list()) {
      features.add(
          new FeatureVariables(row.key(), row.createdAt().toInstant(), variables(row.variables())));
    }
    EventsApiClient.Stale stale =
        eventsApi.stale(
            new StaleRequest(
                environments.stream().map(EnvironmentRow::id).toList(), days, features));
    return new StaleReport(
        project,
        environments.stream().map(EnvironmentRow::key).toList(),
        days,
        stale.since(),
        stale.features());
  }

  @ExceptionHandler(EventsApiClient.EventsApiUnavailable.class)
  ResponseEntity<ProblemDetail> unavailable(EventsApiClient.EventsApiUnavailable e) {
    ProblemDetail problem =
        ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, e.getMessage());
    problem.setType(URI.create("https://switchboard.dev/problems/events-api-unavailable"));
    problem.setTitle(HttpStatus.SERVICE_UNAVAILABLE.getReasonPhrase());
    return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
        .header("Retry-After", "5")
        .body(problem);
  }

  private List<EnvironmentRow> environments(
      Project project, String projectKey, @Nullable String environment) {
    List<EnvironmentRow> rows =
        jdbc.sql(
                "select id, key from environment where project_id = :project"
                    + " and (cast(:key as varchar) is null or key = :key) order by key")
            .param("project", project.id())
            .param("key", environment)
            .query(EnvironmentRow.class)
            .list();
    if (rows.isEmpty() && environment != null) {
      throw ApiException.notFound(
          "environment '" + environment + "' of project '" + projectKey + "'");
    }
    return rows;
  }

  private List<String> variables(String variables) {
    Map<String, Boolean> keys = new LinkedHashMap<>();
    for (JsonNode variable : json.readTree(variables)) {
      keys.put(variable.path("key").asString(""), Boolean.TRUE);
    }
    keys.remove("");
    return List.copyOf(keys.keySet());
  }

  private static Instant instant(String name, String value) {
    try {
      return Instant.parse(value);
    } catch (DateTimeParseException e) {
      throw ApiException.invalid(
          name + " must be an ISO-8601 instant such as 2026-11-27T14:00:00Z");
    }
  }

  private static Instant align(Instant instant, Duration step) {
    if (step.equals(Duration.ofDays(1))) {
      return instant.truncatedTo(ChronoUnit.DAYS);
    }
    return instant.truncatedTo(
        step.equals(Duration.ofHours(1)) ? ChronoUnit.HOURS : ChronoUnit.MINUTES);
  }
}
