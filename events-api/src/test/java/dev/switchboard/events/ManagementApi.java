package dev.switchboard.events;

import dev.switchboard.management.ManagementApplication;
import dev.switchboard.testsupport.Postgres;
import dev.switchboard.testsupport.PostgresDatabase;
import dev.switchboard.testsupport.Services;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The real management-api, started once per test JVM (its own database, the shared Kafka), so that
 * keys, projects and features are created the way users create them. events-api's port is chosen
 * first, because each service needs the other's address.
 */
final class ManagementApi {
  static final String ADMIN = "events-test-admin-token";
  static final String SERVICE = "events-test-service-token";

  private static ManagementApi instance;

  final int port;
  final int eventsPort;
  final PostgresDatabase database;
  final Http http;
  final JdbcClient jdbc;
  private final ConfigurableApplicationContext context;

  private ManagementApi() {
    this.eventsPort = freePort();
    this.database = Postgres.newDatabase();
    this.context =
        Services.start(
            ManagementApplication.class,
            Services.postgres(database),
            Services.kafka(),
            Services.redis(),
            Map.of(
                // only management-api's defaults: events-api's application.yml is first on
                // this test classpath and must not configure management-api
                "spring.config.name",
                "management-api-in-events-tests",
                "switchboard.management.bootstrap-token",
                ADMIN,
                "switchboard.management.service-token",
                SERVICE,
                "switchboard.management.events-api-url",
                "http://localhost:" + eventsPort,
                "logging.level.kafka",
                "WARN",
                "logging.level.state.change.logger",
                "WARN"));
    this.port = Services.port(context);
    this.http = new Http(port);
    this.jdbc = JdbcClient.create(database.dataSource());
  }

  static synchronized ManagementApi get() {
    if (instance == null) {
      instance = new ManagementApi();
    }
    return instance;
  }

  /** A project (with development, staging and production) holding string features a, b... */
  void createProject(String key, List<String> features) {
    Http.Response created =
        http.post(
            "/api/v1/projects", "Bearer " + ADMIN, Map.of("key", key, "name", "Project " + key));
    if (created.status() != 201) {
      throw new AssertionError("project not created: " + created.raw());
    }
    for (String feature : features) {
      Http.Response response =
          http.post(
              "/api/v1/projects/" + key + "/features",
              "Bearer " + ADMIN,
              Map.of(
                  "key",
                  feature,
                  "name",
                  "Feature " + feature,
                  "variables",
                  List.of(Map.of("key", feature, "type", "string")),
                  "variations",
                  List.of(
                      Map.of("key", "on", "values", Map.of(feature, "ON")),
                      Map.of("key", "off", "values", Map.of(feature, "OFF")))));
      if (response.status() != 201) {
        throw new AssertionError("feature not created: " + response.raw());
      }
    }
  }

  /** The current server or client key of an environment. */
  String key(String project, String environment, String type) {
    Http.Response keys =
        http.get(
            "/api/v1/projects/" + project + "/environments/" + environment + "/keys",
            "Bearer " + ADMIN);
    for (var key : keys.body()) {
      if (key.get("type").stringValue().equals(type) && key.get("expiresAt").isNull()) {
        return key.get("key").stringValue();
      }
    }
    throw new AssertionError("no " + type + " key: " + keys.raw());
  }

  String environmentId(String project, String environment) {
    return jdbc.sql(
            "select e.id::text from environment e join project p on p.id = e.project_id"
                + " where p.key = :p and e.key = :e")
        .param("p", project)
        .param("e", environment)
        .query(String.class)
        .single();
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
