package dev.switchboard.events.report;

import dev.switchboard.events.web.EventsProblem;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Reports over the rollups, for management-api (service token), which serves them to users under
 * {@code /api/v1/projects/{project}/...} after checking their token, role and project scope.
 * management-api knows features and their variables; this service knows counts per variable.
 */
@RestController
class ReportController {
  static final int MAX_BUCKETS = 1500;
  static final int MAX_DAYS = 365;
  private static final int MAX_NAMES = 1000;

  private final JdbcClient jdbc;
  private final Clock clock;

  ReportController(JdbcClient jdbc, Clock clock) {
    this.jdbc = jdbc;
    this.clock = clock;
  }

  record Count(String variable, @Nullable String variation, String reason, long count) {}

  record Bucket(Instant start, List<Count> counts) {}

  record Usage(
      Instant from, Instant to, String interval, List<Count> totals, List<Bucket> buckets) {}

  record Feature(String key, Instant createdAt, List<String> variables) {}

  record StaleRequest(List<UUID> environments, int days, List<Feature> features) {}

  record StaleFeature(
      String feature,
      String reason,
      @Nullable LocalDate lastEvaluatedDay,
      long evaluations,
      @Nullable String variation) {}

  record Stale(Instant since, List<StaleFeature> features) {}

  private record Row(
      Timestamp start, String variable, String variation, String reason, long count) {}

  /** Evaluation counts of {@code variable}s in {@code environment}s, per interval in [from, to). */
  @GetMapping("/internal/v1/usage")
  Usage usage(
      @RequestParam(name = "environment") List<UUID> environments,
      @RequestParam(name = "variable", required = false) @Nullable List<String> variables,
      @RequestParam String from,
      @RequestParam String to,
      @RequestParam(defaultValue = "hour") String interval) {
    Instant start = instant("from", from);
    Instant end = instant("to", to);
    Duration step =
        switch (interval) {
          case "minute" -> Duration.ofMinutes(1);
          case "hour" -> Duration.ofHours(1);
          case "day" -> Duration.ofDays(1);
          default -> throw invalid("interval must be minute, hour or day");
        };
    if (!start.isBefore(end)) {
      throw invalid("from must be before to");
    }
    if (Duration.between(start, end).dividedBy(step) > MAX_BUCKETS) {
      throw invalid("at most " + MAX_BUCKETS + " intervals per report");
    }
    names(environments.size());
    List<String> variableKeys = variables == null ? List.of() : variables;
    names(variableKeys.size());
    List<Row> rows =
        variableKeys.isEmpty() || environments.isEmpty()
            ? List.of()
            : query(environments, variableKeys, start, end, interval);
    Map<Instant, List<Count>> buckets = new LinkedHashMap<>();
    Map<Count, long[]> totals = new LinkedHashMap<>();
    for (Row row : rows) {
      @Nullable String variation = row.variation().isEmpty() ? null : row.variation();
      buckets
          .computeIfAbsent(row.start().toInstant(), k -> new ArrayList<>())
          .add(new Count(row.variable(), variation, row.reason(), row.count()));
      totals
              .computeIfAbsent(
                  new Count(row.variable(), variation, row.reason(), 0), k -> new long[1])[0] +=
          row.count();
    }
    List<Count> total = new ArrayList<>();
    totals.forEach((k, n) -> total.add(new Count(k.variable(), k.variation(), k.reason(), n[0])));
    total.sort(
        (a, b) ->
            a.variable().equals(b.variable())
                ? String.valueOf(a.variation()).compareTo(String.valueOf(b.variation())) != 0
                    ? String.valueOf(a.variation()).compareTo(String.valueOf(b.variation()))
                    : a.reason().compareTo(b.reason())
                : a.variable().compareTo(b.variable()));
    List<Bucket> list = new ArrayList<>();
    buckets.forEach((k, v) -> list.add(new Bucket(k, v)));
    return new Usage(start, end, interval, total, list);
  }

  private List<Row> query(
      List<UUID> environments, List<String> variables, Instant from, Instant to, String interval) {
    String sql =
        interval.equals("day")
            ? "select (day::timestamp at time zone 'UTC') as start, variable, variation, reason,"
                + " sum(count) as count from evaluation_day"
                + " where environment_id = any(:environments) and variable = any(:variables)"
                + " and day >= :fromDay and day < :toDay"
                + " group by 1, 2, 3, 4 order by 1, 2, 3, 4"
            : "select date_trunc('"
                + interval
                + "', minute, 'UTC') as start, variable, variation, reason,"
                + " sum(count) as count from evaluation_minute"
                + " where environment_id = any(:environments) and variable = any(:variables)"
                + " and minute >= :from and minute < :to"
                + " group by 1, 2, 3, 4 order by 1, 2, 3, 4";
    return jdbc.sql(sql)
        .param("environments", environments.toArray(UUID[]::new))
        .param("variables", variables.toArray(String[]::new))
        .param("from", OffsetDateTime.ofInstant(from, ZoneOffset.UTC))
        .param("to", OffsetDateTime.ofInstant(to, ZoneOffset.UTC))
        .param("fromDay", LocalDate.ofInstant(from, ZoneOffset.UTC))
        .param("toDay", LocalDate.ofInstant(to, ZoneOffset.UTC))
        .query(Row.class)
        .list();
  }

  private record VariationRow(String variable, String variation, long count) {}

  private record LastRow(String variable, java.sql.Date last) {}

  /**
   * Features nothing evaluated since {@code days} days ago (UTC midnight), or whose evaluations in
   * that time all served one variation. Features created in that time are not judged yet.
   */
  @PostMapping("/internal/v1/stale-features")
  Stale stale(@RequestBody StaleRequest request) {
    if (request.days() < 1 || request.days() > MAX_DAYS) {
      throw invalid("days must be from 1 to " + MAX_DAYS);
    }
    names(request.environments().size());
    LocalDate sinceDay =
        LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC).minusDays(request.days());
    Instant since = sinceDay.atStartOfDay(ZoneOffset.UTC).toInstant();
    Set<String> variables = new HashSet<>();
    for (Feature feature : request.features()) {
      variables.addAll(feature.variables());
    }
    Map<String, Map<String, Long>> served = new HashMap<>();
    Map<String, LocalDate> lastDay = new HashMap<>();
    if (!variables.isEmpty() && !request.environments().isEmpty()) {
      UUID[] environments = request.environments().toArray(UUID[]::new);
      String[] names = variables.toArray(String[]::new);
      for (VariationRow row :
          jdbc.sql(
                  "select variable, variation, sum(count) as count from evaluation_day"
                      + " where environment_id = any(:environments) and variable = any(:variables)"
                      + " and day >= :since group by variable, variation")
              .param("environments", environments)
              .param("variables", names)
              .param("since", sinceDay)
              .query(VariationRow.class)
              .list()) {
        served
            .computeIfAbsent(row.variable(), k -> new HashMap<>())
            .put(row.variation(), row.count());
      }
      for (LastRow row :
          jdbc.sql(
                  "select variable, max(day) as last from evaluation_day"
                      + " where environment_id = any(:environments) and variable = any(:variables)"
                      + " group by variable")
              .param("environments", environments)
              .param("variables", names)
              .query(LastRow.class)
              .list()) {
        lastDay.put(row.variable(), row.last().toLocalDate());
      }
    }
    List<StaleFeature> stale = new ArrayList<>();
    for (Feature feature : request.features()) {
      if (feature.createdAt().isAfter(since)) {
        continue; // too young to be stale
      }
      Map<String, Long> variations = new HashMap<>();
      LocalDate last = null;
      for (String variable : feature.variables()) {
        served
            .getOrDefault(variable, Map.of())
            .forEach((v, n) -> variations.merge(v, n, Long::sum));
        LocalDate day = lastDay.get(variable);
        if (day != null && (last == null || day.isAfter(last))) {
          last = day;
        }
      }
      long evaluations = 0;
      for (long n : variations.values()) {
        evaluations += n;
      }
      if (evaluations == 0) {
        stale.add(new StaleFeature(feature.key(), "not-evaluated", last, 0, null));
      } else if (variations.size() == 1) {
        String variation = variations.keySet().iterator().next();
        stale.add(
            new StaleFeature(
                feature.key(),
                "single-variation",
                last,
                evaluations,
                variation.isEmpty() ? null : variation));
      }
    }
    return new Stale(since, stale);
  }

  private static void names(int count) {
    if (count > MAX_NAMES) {
      throw invalid("at most " + MAX_NAMES + " environments or variables per report");
    }
  }

  private static Instant instant(String name, String value) {
    try {
      return Instant.parse(value);
    } catch (DateTimeParseException e) {
      throw invalid(name + " must be an ISO-8601 instant such as 2026-11-27T14:00:00Z");
    }
  }

  private static EventsProblem invalid(String detail) {
    return new EventsProblem(HttpStatus.BAD_REQUEST, "invalid-report", detail);
  }
}
