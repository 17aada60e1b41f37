package dev.switchboard.benchmarks.load;

import dev.switchboard.testsupport.Kafka;
import dev.switchboard.testsupport.Postgres;
import dev.switchboard.testsupport.PostgresDatabase;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Load driver for management-api: sustained targeting updates against the real application on
 * embedded PostgreSQL and Kafka, open loop (requests are sent on schedule whatever the latency, and
 * latency is measured from the scheduled time, so queueing is not hidden).
 *
 * <p>Usage: {@code ManagementApiLoad [seconds-per-step] [rate ...]}, defaults {@code 20 100 250 500
 * 750 1000}. Prints one line per rate: achieved updates/s, p50/p99/max latency, errors, and the
 * outbox lag (change's commit → broker acknowledgement) p50/p99 from the database.
 */
public final class ManagementApiLoad {
  private static final String TOKEN = "load-admin-token";
  private static final int FEATURES = 20;
  private static final String[] ENVIRONMENTS = {"development", "staging", "production"};

  private ManagementApiLoad() {}

  public static void main(String[] args) throws Exception {
    try {
      drive(args);
    } finally {
      System.exit(0); // the embedded broker's threads would keep the JVM alive
    }
  }

  private static void drive(String[] args) throws Exception {
    int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 20;
    int[] rates =
        args.length > 1
            ? Arrays.stream(args, 1, args.length).mapToInt(Integer::parseInt).toArray()
            : new int[] {100, 250, 500, 750, 1000};
    PostgresDatabase database = Postgres.newDatabase();
    if (Boolean.getBoolean("load.asyncCommit")) {
      // for comparison only: commits return before the WAL reaches the disk
      JdbcClient.create(database.dataSource())
          .sql("alter database " + database.name() + " set synchronous_commit = off")
          .update();
    }
    try (InProcessManagementApi app =
        InProcessManagementApi.start(database, Kafka.bootstrapServers(), TOKEN)) {
      HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
      String base = app.baseUrl() + "/api/v1/projects";
      send(http, "POST", base, "{\"key\": \"load\", \"name\": \"Load\"}").join();
      for (int f = 0; f < FEATURES; f++) {
        String body =
            "{\"key\": \"f%d\", \"name\": \"F%d\", \"variables\": [{\"key\": \"f%d\", \"type\": \"boolean\"}],"
                    .formatted(f, f, f)
                + " \"variations\": [{\"key\": \"on\", \"values\": {\"f%d\": true}}, {\"key\": \"off\", \"values\": {\"f%d\": false}}]}"
                    .formatted(f, f);
        send(http, "POST", base + "/load/features", body).join();
      }
      JdbcClient jdbc = JdbcClient.create(database.dataSource());
      System.out.printf(
          Locale.ROOT,
          "%-10s %10s %9s %9s %9s %7s %12s %12s%n",
          "target/s",
          "achieved/s",
          "p50 ms",
          "p99 ms",
          "max ms",
          "errors",
          "lag p50 ms",
          "lag p99 ms");
      run(http, base, jdbc, Math.max(5, seconds / 4), rates[0], false); // warm-up, not reported
      for (int rate : rates) {
        run(http, base, jdbc, seconds, rate, true);
      }
    }
  }

  private static void run(
      HttpClient http, String base, JdbcClient jdbc, int seconds, int rate, boolean report)
      throws InterruptedException {
    long outboxBefore =
        jdbc.sql("select coalesce(max(id), 0) from outbox").query(Long.class).single();
    int total = seconds * rate;
    long intervalNanos = TimeUnit.SECONDS.toNanos(1) / rate;
    ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
    AtomicInteger errors = new AtomicInteger();
    AtomicLong lastDone = new AtomicLong();
    List<CompletableFuture<?>> inFlight = new ArrayList<>(total);
    long start = System.nanoTime();
    for (int i = 0; i < total; i++) {
      long scheduled = start + i * intervalNanos;
      long wait = scheduled - System.nanoTime();
      if (wait > 0) {
        LockSupport.parkNanos(wait);
      }
      // consecutive updates go to different environments and features, as many users'
      // edits would; updates of one environment serialize on its row (decision 0002)
      String environment = ENVIRONMENTS[i % ENVIRONMENTS.length];
      String feature = "f" + ((i / ENVIRONMENTS.length) % FEATURES);
      String body = "{\"on\": " + (i % 2 == 0) + ", \"offVariation\": \"off\", \"rules\": []}";
      inFlight.add(
          send(http, "PUT", base + "/load/features/" + feature + "/targeting/" + environment, body)
              .whenComplete(
                  (status, failure) -> {
                    long now = System.nanoTime();
                    lastDone.accumulateAndGet(now, Math::max);
                    if (failure != null || status != 200) {
                      errors.incrementAndGet();
                    } else {
                      latencies.add(now - scheduled);
                    }
                  }));
    }
    CompletableFuture.allOf(inFlight.toArray(new CompletableFuture<?>[0]))
        .exceptionally(e -> null)
        .join();
    double elapsed = (lastDone.get() - start) / 1e9;
    long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
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
    if (report) {
      System.out.printf(
          Locale.ROOT,
          "%-10d %10.0f %9.1f %9.1f %9.1f %7d %12.1f %12.1f%n",
          rate,
          sorted.length / elapsed,
          percentile(sorted, 0.50),
          percentile(sorted, 0.99),
          sorted.length == 0 ? 0 : sorted[sorted.length - 1] / 1e6,
          errors.get(),
          lag[0],
          lag[1]);
    }
  }

  private static double percentile(long[] sorted, double p) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    return sorted[(int) Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] / 1e6;
  }

  private static CompletableFuture<Integer> send(
      HttpClient http, String method, String uri, String body) {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(uri))
            .header("Authorization", "Bearer " + TOKEN)
            .header("Content-Type", "application/json")
            .timeout(Duration.ofSeconds(30))
            .method(method, HttpRequest.BodyPublishers.ofString(body))
            .build();
    return http.sendAsync(request, HttpResponse.BodyHandlers.discarding())
        .thenApply(HttpResponse::statusCode);
  }
}
