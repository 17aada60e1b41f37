package dev.switchboard.management;

import dev.switchboard.testsupport.Infrastructure;
import dev.switchboard.testsupport.PostgresDatabase;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Runs the real application on a random port against embedded PostgreSQL and Kafka. All integration
 * tests share this one application context (and database); each test uses its own project keys.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "switchboard.management.bootstrap-token=" + ManagementApiTestBase.ADMIN,
      "switchboard.management.service-token=" + ManagementApiTestBase.SERVICE,
      "switchboard.management.outbox.poll-interval=20ms",
      // nothing listens there: the usage reports answer 503 (events-api's tests cover the rest)
      "switchboard.management.events-api-url=http://127.0.0.1:9",
      "switchboard.management.events-api-timeout=1s",
      "logging.level.org.apache.kafka=WARN",
      "logging.level.kafka=WARN",
      "logging.level.state.change.logger=WARN",
      "logging.level.org.apache.zookeeper=WARN"
    })
abstract class ManagementApiTestBase {
  static final String ADMIN = "test-bootstrap-admin-token";
  static final String SERVICE = "test-service-token";

  static PostgresDatabase database;

  @DynamicPropertySource
  static void infrastructure(DynamicPropertyRegistry registry) {
    database = Infrastructure.registerPostgres(registry);
    Infrastructure.registerKafka(registry);
  }

  @LocalServerPort int port;

  ApiClient api;
  JdbcClient jdbc;

  @BeforeEach
  void client() {
    api = new ApiClient(port);
    jdbc = JdbcClient.create(database.dataSource());
  }

  /** Targeting that passes Bean Validation but serves a variation the feature does not have. */
  static Map<String, Object> targetingWithUnknownVariation() {
    return Map.of(
        "on",
        true,
        "rules",
        List.of(
            Map.of(
                "id",
                "r",
                "audience",
                Map.of("type", "all"),
                "serve",
                Map.of("variation", "zzz"))));
  }

  static String unique(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  /** Creates a project (with its three environments) as the bootstrap admin. */
  String createProject(String key) {
    ApiClient.Response response =
        api.post("/api/v1/projects", ADMIN, Map.of("key", key, "name", "Project " + key));
    if (response.status() != 201) {
      throw new AssertionError("project not created: " + response.raw());
    }
    return key;
  }

  /** A string feature {@code key} with variable {@code key} and variations a, b. */
  ApiClient.Response createFeature(String project, String key, String token) {
    return api.post(
        "/api/v1/projects/" + project + "/features",
        token,
        Map.of(
            "key",
            key,
            "name",
            "Feature " + key,
            "variables",
            List.of(Map.of("key", key, "type", "string")),
            "variations",
            List.of(
                Map.of("key", "a", "values", Map.of(key, "A")),
                Map.of("key", "b", "values", Map.of(key, "B")))));
  }

  /** The environment's id, or null when there is no such environment. */
  String environmentId(String project, String environment) {
    return jdbc.sql(
            "select e.id::text from environment e join project p on p.id = e.project_id"
                + " where p.key = :p and e.key = :e")
        .param("p", project)
        .param("e", environment)
        .query(String.class)
        .optional()
        .orElse(null);
  }

  long auditRows() {
    return jdbc.sql("select count(*) from audit_log").query(Long.class).single();
  }

  long outboxRows(String project) {
    return jdbc.sql("select count(*) from outbox o where o.payload->>'projectKey' = :project")
        .param("project", project)
        .query(Long.class)
        .single();
  }
}
