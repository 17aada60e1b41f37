package dev.switchboard.testsupport;

import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * Points a Spring Boot test at the embedded servers, from a {@code @DynamicPropertySource} method:
 *
 * <pre>{@code
 * @DynamicPropertySource
 * static void infrastructure(DynamicPropertyRegistry registry) {
 *   Infrastructure.registerPostgres(registry);
 *   Infrastructure.registerKafka(registry);
 *   Infrastructure.registerRedis(registry);
 * }
 * }</pre>
 *
 * <p>Spring calls such a method once per application context it builds, so each test class that
 * declares one gets its own database.
 */
public final class Infrastructure {

  private Infrastructure() {}

  /**
   * Creates a fresh database and registers {@code spring.datasource.url}, {@code .username} and
   * {@code .password} for it.
   *
   * @return the database, for assertions that bypass the application
   */
  public static PostgresDatabase registerPostgres(DynamicPropertyRegistry registry) {
    PostgresDatabase database = Postgres.newDatabase();
    registry.add("spring.datasource.url", database::jdbcUrl);
    registry.add("spring.datasource.username", database::username);
    registry.add("spring.datasource.password", database::password);
    return database;
  }

  /** Registers {@code spring.kafka.bootstrap-servers}, starting the broker if needed. */
  public static void registerKafka(DynamicPropertyRegistry registry) {
    String bootstrapServers = Kafka.bootstrapServers();
    registry.add("spring.kafka.bootstrap-servers", () -> bootstrapServers);
  }

  /** Registers {@code spring.data.redis.host} and {@code .port}, starting Redis if needed. */
  public static void registerRedis(DynamicPropertyRegistry registry) {
    String host = Redis.host();
    int port = Redis.port();
    registry.add("spring.data.redis.host", () -> host);
    registry.add("spring.data.redis.port", () -> port);
  }
}
