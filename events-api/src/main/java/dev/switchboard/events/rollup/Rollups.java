package dev.switchboard.events.rollup;

import dev.switchboard.events.ingest.IngestedBatch;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Adds batches to the rollup tables, idempotently: in one transaction it records the batch ids in
 * {@code processed_batch} (primary key: environment, batch id) and adds only the batches that were
 * not there. Counts are summed in memory first, so each rollup row is written once per call with
 * one multi-row upsert per table ({@code unnest} of arrays).
 */
@Component
class Rollups {
  private final JdbcTemplate jdbc;
  private final TransactionTemplate transactions;

  Rollups(JdbcTemplate jdbc, TransactionTemplate transactions) {
    this.jdbc = jdbc;
    this.transactions = transactions;
  }

  /** What one call did. */
  record Result(int added, int duplicates) {}

  private record Minute(
      UUID environment, String variable, long minute, String variation, String reason) {}

  private record Day(
      UUID environment, String variable, LocalDate day, String variation, String reason) {}

  private record Unknown(UUID environment, String variable, LocalDate day) {}

  private record CustomKey(UUID environment, String key, long minute) {}

  private record BatchKey(UUID environment, String batchId) {}

  Result add(List<IngestedBatch> batches) {
    Result result =
        transactions.execute(status -> jdbc.execute((Connection c) -> addIn(c, batches)));
    if (result == null) {
      throw new IllegalStateException("the rollup transaction returned nothing");
    }
    return result;
  }

  private static Result addIn(Connection connection, List<IngestedBatch> batches)
      throws SQLException {
    Map<BatchKey, IngestedBatch> distinct = new HashMap<>();
    for (IngestedBatch batch : batches) {
      distinct.putIfAbsent(new BatchKey(batch.environmentId(), batch.batchId()), batch);
    }
    Set<BatchKey> fresh = claim(connection, distinct.keySet());
    Map<Minute, long[]> minutes = new HashMap<>();
    Map<Day, long[]> days = new HashMap<>();
    Map<Unknown, long[]> unknown = new HashMap<>();
    Map<CustomKey, double[]> custom = new HashMap<>();
    for (BatchKey key : fresh) {
      IngestedBatch batch = distinct.get(key);
      UUID environment = batch.environmentId();
      for (IngestedBatch.Evaluation e : batch.evaluations()) {
        String variation = e.variation() == null ? "" : e.variation();
        minutes
                .computeIfAbsent(
                    new Minute(environment, e.variable(), e.minute(), variation, e.reason()),
                    k -> new long[1])[0] +=
            e.count();
        days.computeIfAbsent(
                    new Day(environment, e.variable(), day(e.minute()), variation, e.reason()),
                    k -> new long[1])[0] +=
            e.count();
      }
      for (IngestedBatch.UnknownVariable u : batch.unknownVariables()) {
        unknown
                .computeIfAbsent(
                    new Unknown(environment, u.variable(), day(u.minute())), k -> new long[1])[0] +=
            u.count();
      }
      for (IngestedBatch.Custom event : batch.custom()) {
        double[] sums =
            custom.computeIfAbsent(
                new CustomKey(environment, event.key(), minute(event.timestamp())),
                k -> new double[2]);
        sums[0] += 1;
        sums[1] += event.value() == null ? 0 : event.value();
      }
    }
    upsertMinutes(connection, minutes);
    upsertDays(connection, days);
    upsertUnknown(connection, unknown);
    upsertCustom(connection, custom);
    return new Result(fresh.size(), batches.size() - fresh.size());
  }

  private static LocalDate day(long epochSecond) {
    return LocalDate.ofEpochDay(Math.floorDiv(epochSecond, 86_400));
  }

  private static long minute(Instant instant) {
    return Math.floorDiv(instant.getEpochSecond(), 60) * 60;
  }

  /** Inserts the batch ids; returns those that were not processed before. */
  private static Set<BatchKey> claim(Connection connection, Set<BatchKey> keys)
      throws SQLException {
    Set<BatchKey> fresh = new HashSet<>();
    if (keys.isEmpty()) {
      return fresh;
    }
    List<String> environments = new ArrayList<>(keys.size());
    List<String> ids = new ArrayList<>(keys.size());
    for (BatchKey key : keys) {
      environments.add(key.environment().toString());
      ids.add(key.batchId());
    }
    try (PreparedStatement statement =
        connection.prepareStatement(
            "insert into processed_batch (environment_id, batch_id, processed_at)"
                + " select e::uuid, b, now() from unnest(?::text[], ?::text[]) as t(e, b)"
                + " on conflict do nothing returning environment_id, batch_id")) {
      statement.setArray(1, text(connection, environments));
      statement.setArray(2, text(connection, ids));
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          fresh.add(new BatchKey(rows.getObject(1, UUID.class), rows.getString(2)));
        }
      }
    }
    return fresh;
  }

  private static void upsertMinutes(Connection connection, Map<Minute, long[]> rows)
      throws SQLException {
    if (rows.isEmpty()) {
      return;
    }
    Columns columns = new Columns(rows.size());
    rows.forEach(
        (k, n) ->
            columns.add(
                k.environment().toString(),
                k.variable(),
                Long.toString(k.minute()),
                k.variation(),
                k.reason(),
                n[0]));
    columns.upsert(
        connection,
        "insert into evaluation_minute (environment_id, variable, minute, variation, reason, count)"
            + " select e::uuid, v, to_timestamp(m::bigint), va, r, c"
            + " from unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::bigint[])"
            + " as t(e, v, m, va, r, c)"
            + " on conflict (environment_id, variable, minute, variation, reason)"
            + " do update set count = evaluation_minute.count + excluded.count");
  }

  private static void upsertDays(Connection connection, Map<Day, long[]> rows) throws SQLException {
    if (rows.isEmpty()) {
      return;
    }
    Columns columns = new Columns(rows.size());
    rows.forEach(
        (k, n) ->
            columns.add(
                k.environment().toString(),
                k.variable(),
                k.day().toString(),
                k.variation(),
                k.reason(),
                n[0]));
    columns.upsert(
        connection,
        "insert into evaluation_day (environment_id, variable, day, variation, reason, count)"
            + " select e::uuid, v, d::date, va, r, c"
            + " from unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::bigint[])"
            + " as t(e, v, d, va, r, c)"
            + " on conflict (environment_id, variable, day, variation, reason)"
            + " do update set count = evaluation_day.count + excluded.count");
  }

  private static void upsertUnknown(Connection connection, Map<Unknown, long[]> rows)
      throws SQLException {
    if (rows.isEmpty()) {
      return;
    }
    List<String> environments = new ArrayList<>();
    List<String> variables = new ArrayList<>();
    List<String> days = new ArrayList<>();
    List<Long> counts = new ArrayList<>();
    rows.forEach(
        (k, n) -> {
          environments.add(k.environment().toString());
          variables.add(k.variable());
          days.add(k.day().toString());
          counts.add(n[0]);
        });
    try (PreparedStatement statement =
        connection.prepareStatement(
            "insert into unknown_variable_day (environment_id, variable, day, count)"
                + " select e::uuid, v, d::date, c"
                + " from unnest(?::text[], ?::text[], ?::text[], ?::bigint[]) as t(e, v, d, c)"
                + " on conflict (environment_id, variable, day)"
                + " do update set count = unknown_variable_day.count + excluded.count")) {
      statement.setArray(1, text(connection, environments));
      statement.setArray(2, text(connection, variables));
      statement.setArray(3, text(connection, days));
      statement.setArray(4, connection.createArrayOf("bigint", counts.toArray()));
      statement.executeUpdate();
    }
  }

  private static void upsertCustom(Connection connection, Map<CustomKey, double[]> rows)
      throws SQLException {
    if (rows.isEmpty()) {
      return;
    }
    List<String> environments = new ArrayList<>();
    List<String> keys = new ArrayList<>();
    List<String> minutes = new ArrayList<>();
    List<Long> counts = new ArrayList<>();
    List<Double> sums = new ArrayList<>();
    rows.forEach(
        (k, n) -> {
          environments.add(k.environment().toString());
          keys.add(k.key());
          minutes.add(Long.toString(k.minute()));
          counts.add((long) n[0]);
          sums.add(n[1]);
        });
    try (PreparedStatement statement =
        connection.prepareStatement(
            "insert into custom_event_minute (environment_id, key, minute, count, sum)"
                + " select e::uuid, k, to_timestamp(m::bigint), c, s"
                + " from unnest(?::text[], ?::text[], ?::text[], ?::bigint[], ?::float8[])"
                + " as t(e, k, m, c, s)"
                + " on conflict (environment_id, key, minute)"
                + " do update set count = custom_event_minute.count + excluded.count,"
                + " sum = custom_event_minute.sum + excluded.sum")) {
      statement.setArray(1, text(connection, environments));
      statement.setArray(2, text(connection, keys));
      statement.setArray(3, text(connection, minutes));
      statement.setArray(4, connection.createArrayOf("bigint", counts.toArray()));
      statement.setArray(5, connection.createArrayOf("float8", sums.toArray()));
      statement.executeUpdate();
    }
  }

  private static Array text(Connection connection, List<String> values) throws SQLException {
    return connection.createArrayOf("text", values.toArray());
  }

  /** Six parallel arrays: environment, variable, time, variation, reason, count. */
  private static final class Columns {
    final List<String> environments;
    final List<String> variables;
    final List<String> times;
    final List<String> variations;
    final List<String> reasons;
    final List<Long> counts;

    Columns(int size) {
      environments = new ArrayList<>(size);
      variables = new ArrayList<>(size);
      times = new ArrayList<>(size);
      variations = new ArrayList<>(size);
      reasons = new ArrayList<>(size);
      counts = new ArrayList<>(size);
    }

    void add(
        String environment,
        String variable,
        String time,
        String variation,
        String reason,
        long count) {
      environments.add(environment);
      variables.add(variable);
      times.add(time);
      variations.add(variation);
      reasons.add(reason);
      counts.add(count);
    }

    void upsert(Connection connection, String sql) throws SQLException {
      try (PreparedStatement statement = connection.prepareStatement(sql)) {
        statement.setArray(1, text(connection, environments));
        statement.setArray(2, text(connection, variables));
        statement.setArray(3, text(connection, times));
        statement.setArray(4, text(connection, variations));
        statement.setArray(5, text(connection, reasons));
        statement.setArray(6, connection.createArrayOf("bigint", counts.toArray()));
        statement.executeUpdate();
      }
    }
  }
}
