package dev.switchboard.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.junit.jupiter.SpringJUnitConfig;

/** What a Spring Boot service test does, minus Boot: the properties reach the Environment. */
@SpringJUnitConfig(DynamicPropertySourceIT.NoBeans.class)
class DynamicPropertySourceIT {

  static class NoBeans {}

  private static final AtomicInteger REGISTRATIONS = new AtomicInteger();
  private static final AtomicReference<PostgresDatabase> DATABASE = new AtomicReference<>();

  @DynamicPropertySource
  static void infrastructure(DynamicPropertyRegistry registry) {
    REGISTRATIONS.incrementAndGet();
    DATABASE.set(Infrastructure.registerPostgres(registry));
    Infrastructure.registerKafka(registry);
    Infrastructure.registerRedis(registry);
  }

  @Autowired Environment environment;

  @Test
  void theContextConnectsToItsOwnDatabase() throws SQLException {
    PGSimpleDataSource dataSource = new PGSimpleDataSource();
    dataSource.setUrl(environment.getRequiredProperty("spring.datasource.url"));
    dataSource.setUser(environment.getRequiredProperty("spring.datasource.username"));
    dataSource.setPassword(environment.getRequiredProperty("spring.datasource.password"));

    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery("SELECT current_database()")) {
      result.next();
      assertThat(result.getString(1)).isEqualTo(DATABASE.get().name());
    }
  }

  @Test
  void propertiesAreRegisteredOncePerContext() {
    environment.getRequiredProperty("spring.datasource.url");
    environment.getRequiredProperty("spring.datasource.url");

    assertThat(REGISTRATIONS).hasValue(1);
    assertThat(environment.getRequiredProperty("spring.kafka.bootstrap-servers"))
        .isEqualTo(Kafka.bootstrapServers());
    assertThat(environment.getRequiredProperty("spring.data.redis.port", Integer.class))
        .isEqualTo(Redis.port());
  }
}
