package dev.switchboard.testsupport;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Starts a Switchboard service (any Spring Boot application class) in this JVM against the embedded
 * servers, for tests that need another service running for real (config-service needs
 * management-api, for example):
 *
 * <pre>{@code
 * try (var managementApi = Services.start(ManagementApplication.class,
 *     Services.postgres(Postgres.newDatabase()), Services.kafka(),
 *     Map.of("switchboard.management.service-token", "test-service-token"))) {
 *   int port = Services.port(managementApi);
 * }
 * }</pre>
 *
 * Properties are passed as command-line arguments, so they win over the application's own {@code
 * application.yml}. The server port is random unless a map sets {@code server.port}.
 */
public final class Services {
  private Services() {}

  /** Starts {@code application} with the merged properties (later maps win). */
  @SafeVarargs
  public static ConfigurableApplicationContext start(
      Class<?> application, Map<String, ?>... properties) {
    Map<String, Object> merged = new LinkedHashMap<>();
    merged.put("server.port", 0);
    merged.put("logging.level.org.apache.kafka", "WARN");
    for (Map<String, ?> map : properties) {
      merged.putAll(map);
    }
    List<String> args = new ArrayList<>();
    merged.forEach((key, value) -> args.add("--" + key + "=" + value));
    return new SpringApplicationBuilder(application).run(args.toArray(String[]::new));
  }

  /** The port the started service's web server listens on. */
  public static int port(ConfigurableApplicationContext service) {
    return ((WebServerApplicationContext) service).getWebServer().getPort();
  }

  /** {@code spring.datasource.*} for {@code database}. */
  public static Map<String, String> postgres(PostgresDatabase database) {
    return Map.of(
        "spring.datasource.url", database.jdbcUrl(),
        "spring.datasource.username", database.username(),
        "spring.datasource.password", database.password());
  }

  /** {@code spring.kafka.bootstrap-servers} of the embedded broker (started if needed). */
  public static Map<String, String> kafka() {
    return Map.of("spring.kafka.bootstrap-servers", Kafka.bootstrapServers());
  }

  /** {@code spring.data.redis.*} of the embedded redis-server (started if needed). */
  public static Map<String, Object> redis() {
    return Map.of("spring.data.redis.host", Redis.host(), "spring.data.redis.port", Redis.port());
  }
}
