package dev.switchboard.benchmarks.load;

import dev.switchboard.testsupport.Postgres;
import dev.switchboard.testsupport.PostgresDatabase;
import io.netty.handler.codec.http.HttpMethod;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Load driver for management-api: sustained targeting updates, open loop ({@link OpenLoopClient}:
 * requests are due on a fixed schedule whatever the latency, and latency is measured from the time
 * each was due, so queueing is not hidden), against management-api's runnable jar in its own JVM
 * with the Kafka broker in a JVM of its own ({@link KafkaBrokerJvm}), both as deployed, on embedded
 * PostgreSQL.
 *
 * <p>Usage: {@code ManagementApiLoad <management-api exec jar> [seconds-per-step] [rate ...]},
 * defaults {@code 20 100 250 500}. The updates go round robin over a project's 3 environments and
 * 20 features, each turning the feature on or off, as many dashboard users' edits would. It first
 * warms up (30 s at 100 updates/s: the JIT compiles the write path), then runs each rate for 3 s
 * unrecorded and for {@code seconds} recorded. Prints one line per rate: achieved updates/s,
 * p50/p99/max latency, errors, the outbox lag (the change's commit → the broker's acknowledgement)
 * p50/p99 read from the database, and management-api's CPU time per update.
 *
 * <p>Extra JVM options: {@code -Dload.management-apiJvmArgs=...}, {@code -Dload.kafkaJvmArgs=...}.
 */
public final class ManagementApiLoad {
  private static final String TOKEN = "load-admin-token";
  private static final int FEATURES = 20;
  private static final String[] ENVIRONMENTS = {"development", "staging", "production"};
  private static final int CONNECTIONS = 64;
  private static final int WARM_UP_SECONDS = 3; // before each step, at its rate, not recorded
  private static final int WARM_UP_RATE = 100; // before the first step: JIT, pools
  private static final int JIT_WARM_UP_SECONDS = 30;

  private ManagementApiLoad() {}

  public static void main(String[] args) {
    DriverExit.after(() -> drive(args));
  }

  private static boolean drive(String[] args) throws Exception {
    DriverArgs parsed =
        DriverArgs.parse(
            args,
            "ManagementApiLoad <management-api exec jar> [seconds] [rate ...]",
            20,
            100,
            250,
            500);
    if (parsed == null) {
      return false;
    }
    int seconds = parsed.seconds();
    int[] rates = parsed.rates();
    PostgresDatabase database = Postgres.newDatabase();
    try (ServiceJvm kafka = KafkaBrokerJvm.start();
        ServiceJvm management =
            ServiceJvm.start(
                "management-api",
                parsed.jar(),
                "512m",
                Map.of(
                    "SWITCHBOARD_DB_URL", database.jdbcUrl(),
                    "SWITCHBOARD_DB_USER", database.username(),
                    "SWITCHBOARD_DB_PASSWORD", database.password(),
                    "SWITCHBOARD_KAFKA", kafka.address(),
                    "SWITCHBOARD_BOOTSTRAP_TOKEN", TOKEN),
                List.of())) {
      URI base = URI.create(management.address());
      setUpProject(base);
      List<OpenLoopClient.Request> updates = new ArrayList<>();
      // consecutive updates go to different environments and features; updates of one
      // environment serialize on its row (decision 0002)
      for (int i = 0; i < 2 * FEATURES * ENVIRONMENTS.length; i++) {
        String environment = ENVIRONMENTS[i % ENVIRONMENTS.length];
        String feature = "f" + ((i / ENVIRONMENTS.length) % FEATURES);
        updates.add(
            new OpenLoopClient.Request(
                "/api/v1/projects/load/features/" + feature + "/targeting/" + environment,
                "{\"on\": " + (i % 2 == 0) + ", \"offVariation\": \"off\", \"rules\": []}"));
      }
      OpenLoopClient client =
          new OpenLoopClient(
              base.getHost(),
              base.getPort(),
              HttpMethod.PUT,
              updates,
              Map.of("Authorization", "Bearer " + TOKEN, "Content-Type", "application/json"),
              200);
      JdbcClient jdbc = JdbcClient.create(database.dataSource());
      System.out.printf(
          Locale.ROOT,
          "%-9s %10s %8s %8s %8s %7s %6s %11s %11s %18s %9s %6s%n",
          "target/s",
          "achieved/s",
          "p50 ms",
          "p99 ms",
          "max ms",
          "errors",
          "queue",
          "lag p50 ms",
          "lag p99 ms",
          "cpu ms/update: app",
          "postgres",
          "kafka");
      client.run("warm-up", WARM_UP_RATE, CONNECTIONS, 0, JIT_WARM_UP_SECONDS);
      for (int rate : rates) {
        run(client, jdbc, management, kafka, seconds, rate);
      }
      return true;
    }
  }

  /** A project (with its three environments) and its 20 boolean features. */
  private static void setUpProject(URI base) throws Exception {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    post(http, base.resolve("/api/v1/projects"), "{\"key\": \"load\", \"name\": \"Load\"}");
    for (int f = 0; f < FEATURES; f++) {
      post(
          http,
          base.resolve("/api/v1/projects/load/features"),
          ("{\"key\": \"f%d\", \"name\": \"F%d\", \"variables\": [{\"key\": \"f%d\", \"type\": \"boolean\"}],"
                  + " \"variations\": [{\"key\": \"on\", \"values\": {\"f%d\": true}},"
                  + " {\"key\": \"off\", \"values\": {\"f%d\": false}}]}")
              .formatted(f, f, f, f, f));
    }
  }

  private static void post(HttpClient http, URI uri, String body) throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(uri)
                .header("Authorization", "Bearer " + TOKEN)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 201) {
      throw new IllegalStateException(
          uri + " answered " + response.statusCode() + ": " + response.body());
    }
  }

  /**
   * CPU time used so far by the live processes of the embedded PostgreSQL server, whose binaries
   * this JVM unpacked under its {@code java.io.tmpdir} (pg_ctl starts the server detached, so they
   * are not this JVM's descendants). The pooled connections' backends live through a run;
   * short-lived processes (an autovacuum worker) are missed, so this is a lower bound.
   */
  private static Duration postgresCpu() {
    String binaries = Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath().toString();
    return ProcessHandle.allProcesses()
        .filter(
            p -> {
              String command = p.info().command().orElse("");
              return command.startsWith(binaries) && command.endsWith("/postgres");
            })
        .map(p -> p.info().totalCpuDuration().orElse(Duration.ZERO))
        .reduce(Duration.ZERO, Duration::plus);
  }

  private static void run(
      OpenLoopClient client,
      JdbcClient jdbc,
      ServiceJvm management,
      ServiceJvm kafka,
      int seconds,
      int rate)
      throws Exception {
    long outboxBefore =
        jdbc.sql("select coalesce(max(id), 0) from outbox").query(Long.class).single();
    Duration cpuBefore = management.cpu();
    Duration postgresBefore = postgresCpu();
    Duration kafkaBefore = kafka.cpu();
    OpenLoopClient.Result result =
        client.run("targeting", rate, CONNECTIONS, WARM_UP_SECONDS, seconds);
    long updates = Math.max(1, result.completed());
    double cpuPerUpdate = management.cpu().minus(cpuBefore).toNanos() / 1e6 / updates;
    double postgresPerUpdate = postgresCpu().minus(postgresBefore).toNanos() / 1e6 / updates;
    double kafkaPerUpdate = kafka.cpu().minus(kafkaBefore).toNanos() / 1e6 / updates;
    // wait for the relay to drain, then read the lag of this step's rows
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline
        && jdbc.sql("select count(*) from outbox where id > :id and sent_at is null")
                .param("id", outboxBefore)
                .query(Long.class)
                .single()
            > 0) {
      Thread.sleep(50); // a load driver waiting for the system under test, not a test
    }
    double[] lag =
        jdbc.sql(
                "select percentile_cont(0.5) within group (order by extract(epoch from sent_at - created_at)),"
                    + " percentile_cont(0.99) within group (order by extract(epoch from sent_at - created_at))"
                    + " from outbox where id > :id and sent_at is not null")
            .param("id", outboxBefore)
            .query((rs, n) -> new double[] {rs.getDouble(1) * 1000, rs.getDouble(2) * 1000})
            .single();
    System.out.printf(
        Locale.ROOT,
        "%-9d %10.0f %8.1f %8.1f %8.1f %7d %6d %11.1f %11.1f %18.2f %9.2f %6.2f%n",
        rate,
        result.achievedRate(),
        result.p50() / 1000.0,
        result.p99() / 1000.0,
        result.max() / 1000.0,
        result.errors(),
        result.maxQueued(),
        lag[0],
        lag[1],
        cpuPerUpdate,
        postgresPerUpdate,
        kafkaPerUpdate);
  }
}
