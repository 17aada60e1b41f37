package dev.switchboard.benchmarks.load;

import dev.switchboard.management.ManagementApplication;
import dev.switchboard.testsupport.PostgresDatabase;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/** management-api started in the driver's JVM, on a free port, for the load drivers. */
final class InProcessManagementApi implements AutoCloseable {
  private final ConfigurableApplicationContext context;

  private InProcessManagementApi(ConfigurableApplicationContext context) {
    this.context = context;
  }

  /**
   * Starts management-api on {@code database} and the Kafka broker at {@code bootstrapServers},
   * with the bootstrap admin token {@code adminToken} and any further command-line {@code
   * arguments} (they win over application.yml).
   */
  static InProcessManagementApi start(
      PostgresDatabase database, String bootstrapServers, String adminToken, String... arguments) {
    List<String> all = new ArrayList<>();
    all.add("--server.port=0");
    all.add("--spring.datasource.url=" + database.jdbcUrl());
    all.add("--spring.datasource.username=" + database.username());
    all.add("--spring.datasource.password=" + database.password());
    all.add("--spring.kafka.bootstrap-servers=" + bootstrapServers);
    all.add("--switchboard.management.bootstrap-token=" + adminToken);
    all.add("--logging.level.root=WARN");
    all.addAll(List.of(arguments));
    return new InProcessManagementApi(
        new SpringApplicationBuilder(ManagementApplication.class).run(all.toArray(String[]::new)));
  }

  /** {@code http://localhost:<port>}. */
  String baseUrl() {
    return "http://localhost:" + ((WebServerApplicationContext) context).getWebServer().getPort();
  }

  @Override
  public void close() {
    context.close();
  }
}
