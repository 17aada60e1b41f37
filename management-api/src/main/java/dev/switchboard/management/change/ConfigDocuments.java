package dev.switchboard.management.change;

import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Builds an environment's server config document (docs/config-format.md) from the current state,
 * inside the caller's transaction. The same document validates every write (with bucketing-core)
 * and is what the snapshot endpoint hands to config-service.
 */
@Component
public class ConfigDocuments {
  static final int SCHEMA_VERSION = 1;

  private final JdbcClient jdbc;
  private final JsonMapper json;

  ConfigDocuments(JdbcClient jdbc, JsonMapper json) {
    this.jdbc = jdbc;
    this.json = json;
  }

  /** The environment's current {@code configVersion}, or null when it does not exist. */
  public @Nullable Long currentVersion(UUID environmentId) {
    return jdbc.sql("select config_version from environment where id = :id")
        .param("id", environmentId)
        .query(Long.class)
        .optional()
        .orElse(null);
  }

  /** The document, or null when the environment does not exist. */
  public @Nullable ObjectNode build(UUID environmentId) {
    var environment =
        jdbc.sql(
                "select e.id, e.key, e.config_version, p.id as project_id, p.key as project_key"
                    + " from environment e join project p on p.id = e.project_id where e.id = :id")
            .param("id", environmentId)
            .query(
                (rs, n) ->
                    new EnvironmentRow(
                        rs.getObject("id", UUID.class),
                        rs.getString("key"),
                        rs.getLong("config_version"),
                        rs.getObject("project_id", UUID.class),
                        rs.getString("project_key")))
            .optional()
            .orElse(null);
    if (environment == null) {
      return null;
    }
    ObjectNode document = json.createObjectNode();
    document.put("schemaVersion", SCHEMA_VERSION);
    document
        .putObject("project")
        .put("id", environment.projectId.toString())
        .put("key", environment.projectKey);
    document
        .putObject("environment")
        .put("id", environment.id.toString())
        .put("key", environment.key);
    document.put("version", environment.configVersion);
    ArrayNode features = document.putArray("features");
    ArrayNode variables = document.putArray("variables");
    jdbc.sql(
            "select f.key, f.client_visible, f.variables, f.variations,"
                + " t.enabled, t.off_variation, t.rules"
                + " from feature f left join targeting t"
                + "   on t.feature_id = f.id and t.environment_id = :environment"
                + " where f.project_id = :project and f.archived_at is null order by f.key")
        .param("environment", environment.id)
        .param("project", environment.projectId)
        .query(
            (rs, n) -> {
              String featureKey = rs.getString("key");
              ObjectNode feature = features.addObject();
              feature.put("key", featureKey);
              feature.put("clientVisible", rs.getBoolean("client_visible"));
              ArrayNode variations = feature.putArray("variations");
              for (JsonNode variation : json.readTree(rs.getString("variations"))) {
                variations
                    .addObject()
                    .put("key", variation.get("key").stringValue())
                    .set("values", variation.get("values"));
              }
              String rules = rs.getString("rules");
              feature.set(
                  "targeting",
                  targeting(
                      new FeatureTargeting(
                          rs.getBoolean("enabled"),
                          rs.getString("off_variation"),
                          rules == null ? "[]" : rules)));
              for (JsonNode variable : json.readTree(rs.getString("variables"))) {
                variables
                    .addObject()
                    .put("key", variable.get("key").stringValue())
                    .put("type", variable.get("type").stringValue())
                    .put("feature", featureKey);
              }
              return featureKey;
            })
        .list();
    ArrayNode audiences = document.putArray("audiences");
    jdbc.sql("select key, filter from audience where project_id = :project order by key")
        .param("project", environment.projectId)
        .query(
            (rs, n) -> {
              audiences
                  .addObject()
                  .put("key", rs.getString("key"))
                  .set("filter", json.readTree(rs.getString("filter")));
              return null;
            })
        .list();
    return document;
  }

  /**
   * A feature's targeting in one environment as stored: {@code rules} is the JSON array as
   * PostgreSQL returns it from its {@code jsonb} column.
   */
  public record FeatureTargeting(boolean on, @Nullable String offVariation, String rules) {}

  /**
   * {@code held} (a document this class built, serialized) with one feature's targeting replaced
   * and its version one higher, or null when the document has no such feature. Nothing else
   * changes, so when no other write came between {@code held}'s version and this one, the result is
   * exactly the document {@link #build} would read.
   */
  public @Nullable ObjectNode withTargeting(
      byte[] held, String featureKey, FeatureTargeting targeting) {
    ObjectNode document = (ObjectNode) json.readTree(held);
    for (JsonNode feature : document.get("features")) {
      if (feature.get("key").stringValue().equals(featureKey)) {
        ((ObjectNode) feature).set("targeting", targeting(targeting));
        document.put("version", document.get("version").longValue() + 1);
        return document;
      }
    }
    return null;
  }

  private ObjectNode targeting(FeatureTargeting stored) {
    ObjectNode targeting = json.createObjectNode();
    targeting.put("on", stored.on());
    if (stored.offVariation() != null) {
      targeting.put("offVariation", stored.offVariation());
    }
    targeting.set("rules", json.readTree(stored.rules()));
    return targeting;
  }

  private record EnvironmentRow(
      UUID id, String key, long configVersion, UUID projectId, String projectKey) {}
}
