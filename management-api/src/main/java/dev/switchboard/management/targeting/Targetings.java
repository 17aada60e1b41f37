package dev.switchboard.management.targeting;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Targeting rows ({@code targeting}: one per feature and environment), in plain SQL: a targeting
 * update is the most frequent write there is, so it does not go through the persistence context. A
 * row's {@code version} starts at 0 and every update adds one (the targeting's {@code ETag}).
 */
@Service
public class Targetings {
  /** One targeting row; {@code rules} is the JSON array as stored. */
  record Row(boolean on, @Nullable String offVariation, String rules, long version) {
    static final Row NEW = new Row(false, null, "[]", 0);
  }

  /** The rows a targeting request names, found by their keys. */
  record Target(UUID projectId, UUID featureId, boolean archived, UUID environmentId) {}

  /** A target and its targeting row, locked. */
  record Locked(Target target, Row row) {}

  private static final String COLUMNS = "select enabled, off_variation, rules, version";

  private final JdbcClient jdbc;
  private final Clock clock;

  Targetings(JdbcClient jdbc, Clock clock) {
    this.jdbc = jdbc;
    this.clock = clock;
  }

  /** A new feature starts off, with no rules, in every environment. */
  @Transactional(propagation = Propagation.MANDATORY)
  public void createOff(UUID featureId, UUID environmentId) {
    jdbc.sql(
            "insert into targeting (feature_id, environment_id, enabled, rules, updated_at, version)"
                + " values (:feature, :environment, false, '[]', :now, 0)"
                + " on conflict (feature_id, environment_id) do nothing")
        .param("feature", featureId)
        .param("environment", environmentId)
        .param("now", Timestamp.from(clock.instant()))
        .update();
  }

  /** The row, or a new feature's (off, version 0) when there is none yet. */
  Row find(UUID featureId, UUID environmentId) {
    return jdbc.sql(
            COLUMNS
                + " from targeting where feature_id = :feature and environment_id = :environment")
        .param("feature", featureId)
        .param("environment", environmentId)
        .query(Targetings::row)
        .optional()
        .orElse(Row.NEW);
  }

  /**
   * The row, locked until the transaction ends: concurrent writers queue on it, so {@code If-Match}
   * is checked in commit order. A missing row (an environment created after the feature) is created
   * off first.
   */
  @Transactional(propagation = Propagation.MANDATORY)
  Row lock(UUID featureId, UUID environmentId) {
    Optional<Row> row = selectForUpdate(featureId, environmentId);
    if (row.isPresent()) {
      return row.get();
    }
    createOff(featureId, environmentId);
    return selectForUpdate(featureId, environmentId).orElseThrow();
  }

  /**
   * Finds project, feature and environment by their keys and locks their targeting row, in one
   * round trip: a targeting write's first step. Empty when any of them, or the row, is missing (the
   * caller then finds out which, or creates the row, with {@link #lock}).
   */
  @Transactional(propagation = Propagation.MANDATORY)
  Optional<Locked> lock(String projectKey, String featureKey, String environmentKey) {
    return jdbc.sql(
            "select p.id as project_id, f.id as feature_id, f.archived_at is not null as archived,"
                + " e.id as environment_id, t.enabled, t.off_variation, t.rules, t.version"
                + " from project p"
                + " join feature f on f.project_id = p.id and f.key = :feature"
                + " join environment e on e.project_id = p.id and e.key = :environment"
                + " join targeting t on t.feature_id = f.id and t.environment_id = e.id"
                + " where p.key = :project for update of t")
        .param("project", projectKey)
        .param("feature", featureKey)
        .param("environment", environmentKey)
        .query(
            (rs, n) ->
                new Locked(
                    new Target(
                        rs.getObject("project_id", UUID.class),
                        rs.getObject("feature_id", UUID.class),
                        rs.getBoolean("archived"),
                        rs.getObject("environment_id", UUID.class)),
                    row(rs, n)))
        .optional();
  }

  /** Writes a locked row; returns it as stored (the rules as {@code jsonb} gives them back). */
  @Transactional(propagation = Propagation.MANDATORY)
  Row update(
      UUID featureId, UUID environmentId, boolean on, @Nullable String offVariation, String rules) {
    return jdbc.sql(
            "update targeting set enabled = :on, off_variation = :off, rules = cast(:rules as jsonb),"
                + " updated_at = :now, version = version + 1"
                + " where feature_id = :feature and environment_id = :environment"
                + " returning enabled, off_variation, rules, version")
        .param("on", on)
        .param("off", offVariation)
        .param("rules", rules)
        .param("now", Timestamp.from(clock.instant()))
        .param("feature", featureId)
        .param("environment", environmentId)
        .query(Targetings::row)
        .single();
  }

  private Optional<Row> selectForUpdate(UUID featureId, UUID environmentId) {
    return jdbc.sql(
            COLUMNS
                + " from targeting where feature_id = :feature and environment_id = :environment"
                + " for update")
        .param("feature", featureId)
        .param("environment", environmentId)
        .query(Targetings::row)
        .optional();
  }

  private static Row row(ResultSet rs, int n) throws SQLException {
    return new Row(
        rs.getBoolean("enabled"),
        rs.getString("off_variation"),
        rs.getString("rules"),
        rs.getLong("version"));
  }
}
