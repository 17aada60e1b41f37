package dev.switchboard.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;

class InfrastructureIT {

  private final Map<String, Supplier<Object>> properties = new HashMap<>();
  private final DynamicPropertyRegistry registry = properties::put;

  @Test
  void registersADatasourceForAFreshDatabase() {
    PostgresDatabase database = Infrastructure.registerPostgres(registry);
    PostgresDatabase other =
        Infrastructure.registerPostgres(new HashMap<String, Supplier<Object>>()::put);

    assertThat(value("spring.datasource.url")).isEqualTo(database.jdbcUrl());
    assertThat(value("spring.datasource.username")).isEqualTo(database.username());
    assertThat(value("spring.datasource.password")).isEqualTo(database.password());
    assertThat(other.jdbcUrl()).isNotEqualTo(database.jdbcUrl());
  }

  @Test
  void registersKafkaBootstrapServers() {
    Infrastructure.registerKafka(registry);

    assertThat(value("spring.kafka.bootstrap-servers")).isEqualTo(Kafka.bootstrapServers());
  }

  @Test
  void registersRedisHostAndPort() {
    Infrastructure.registerRedis(registry);

    assertThat(value("spring.data.redis.host")).isEqualTo("127.0.0.1");
    assertThat(value("spring.data.redis.port")).isEqualTo(Redis.port());
  }

  private Object value(String name) {
    return properties.get(name).get();
  }
}
