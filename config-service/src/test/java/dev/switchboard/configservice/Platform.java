package dev.switchboard.configservice;

import dev.switchboard.management.ManagementApplication;
import dev.switchboard.testsupport.Postgres;
import dev.switchboard.testsupport.Services;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The real management-api, started once per test JVM against embedded PostgreSQL and Kafka and
 * shared by every config-service under test (each test uses its own projects).
 */
final class Platform {
  static final String ADMIN = "it-admin-token";
  static final String SERVICE = "it-service-token";

  /**
   * Auto-configurations to exclude in applications without a database (config-service, S3Mock):
   * management-api's jar puts JPA and Flyway on this test classpath.
   */
  static final String NO_DATABASE =
      String.join(
          ",",
          "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
          "org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration",
          "org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration",
          "org.springframework.boot.data.jpa.autoconfigure.DataJpaRepositoriesAutoConfiguration");

  private static ConfigurableApplicationContext managementApi;

  private Platform() {}

  static synchronized String managementUrl() {
    if (managementApi == null) {
      managementApi =
          Services.start(
              ManagementApplication.class,
              Services.postgres(Postgres.newDatabase()),
              Services.kafka(),
              classpathFixes(),
              Map.of(
                  "switchboard.management.bootstrap-token", ADMIN,
                  "switchboard.management.service-token", SERVICE,
                  "switchboard.management.outbox.poll-interval", "20ms",
                  "logging.level.kafka", "WARN",
                  "logging.level.state.change.logger", "WARN"),
              // management-api's own application.yml is shadowed on this classpath by
              // config-service's (both are classpath:application.yml): what it relies on
              Map.of(
                  "spring.application.name", "management-api",
                  "spring.jpa.open-in-view", false,
                  "spring.jpa.hibernate.ddl-auto", "validate",
                  "spring.jackson.deserialization.fail-on-unknown-properties", true,
                  "management.endpoint.health.group.readiness.include", "readinessState",
                  "management.metrics.tags.application", "management-api"));
    }
    return "http://localhost:" + Services.port(managementApi);
  }

  /**
   * S3Mock's jar (on this test classpath) ships an application.properties that every Spring Boot
   * application in the JVM reads: lazy initialization (no bean would consume Kafka) and actuator
   * endpoints off. Properties given here win over it.
   */
  static Map<String, Object> classpathFixes() {
    return Map.of(
        "spring.main.lazy-initialization", false,
        "management.endpoints.access.default", "unrestricted",
        "management.endpoints.web.discovery.enabled", true,
        "spring.jmx.enabled", false);
  }

  /** The properties of a config-service that talks to this platform. */
  static Map<String, Object> configService(
      String objectDirectory, String group, String publishedTopic) {
    Map<String, Object> properties = new LinkedHashMap<>(classpathFixes());
    // management-api's jar is on the test classpath, with JPA and Flyway; config-service has no
    // database
    properties.put("spring.autoconfigure.exclude", NO_DATABASE);
    properties.put("switchboard.config-service.management-url", managementUrl());
    properties.put("switchboard.config-service.service-token", SERVICE);
    properties.put("switchboard.config-service.object-store.directory", objectDirectory);
    properties.put("switchboard.config-service.topics.published", publishedTopic);
    properties.put("switchboard.config-service.key-sweep-interval", "200ms");
    properties.put("switchboard.config-service.retry.initial-backoff", "50ms");
    properties.put("switchboard.config-service.retry.max-backoff", "500ms");
    properties.put("spring.kafka.consumer.group-id", group);
    properties.put("logging.level.kafka", "WARN");
    properties.put("logging.level.state.change.logger", "WARN");
    return properties;
  }
}
