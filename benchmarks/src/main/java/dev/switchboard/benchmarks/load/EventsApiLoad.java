package dev.switchboard.benchmarks.load;

import dev.switchboard.testsupport.Postgres;
import dev.switchboard.testsupport.PostgresDatabase;
import dev.switchboard.testsupport.Redis;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Load driver for events-api: SDK batches of 1,000 evaluation counts, open loop (batches are sent
 * on schedule whatever the latency; latency is measured from the scheduled time, so queueing is not
 * hidden), against events-api's runnable jar in its own JVM, with the Kafka broker in a JVM of its
 * own ({@link KafkaBrokerJvm}), both as deployed, management-api (keys) in this JVM, and embedded
 * PostgreSQL and Redis (processes of their own).
 *
 * <p>Usage: {@code EventsApiLoad <events-api exec jar> [seconds-per-step] [batches/s ...]},
 * defaults {@code 20 50 100 150}. Per step it prints the accepted events/s, the 202 latency
 * p50/p99/max, errors, the consumer's lag (records, sampled each second from events-api's
 * Prometheus endpoint) and how long the rollups took to catch up after the last 202. At the end it
 * compares the rollups in PostgreSQL with the counts sent, per variable, variation and reason.
 *
 * <p>Extra JVM options: {@code -Dload.events-apiJvmArgs=...} for events-api, {@code
 * -Dload.kafkaJvmArgs=...} for the broker (its log: {@code benchmarks/target/load-logs/kafka.log}).
 */
public final class EventsApiLoad {
  private static final String ADMIN = "load-admin-token";
  private static final String SERVICE = "load-service-token";

  private EventsApiLoad() {}

  public static void main(String[] args) {
    DriverExit.after(() -> drive(args));
  }

  private static boolean drive(String[] args) throws Exception {
    DriverArgs parsed =
        DriverArgs.parse(
            args,
            "EventsApiLoad <events-api exec jar> [seconds] [batches/s ...]",
            20,
            50,
            100,
            150);
    if (parsed == null) {
      return false;
    }
    int seconds = parsed.seconds();
    int[] rates = parsed.rates();
    PostgresDatabase managementDb = Postgres.newDatabase();
    PostgresDatabase eventsDb = Postgres.newDatabase();
    try (ServiceJvm kafka = KafkaBrokerJvm.start();
        InProcessManagementApi management =
            InProcessManagementApi.start(
                managementDb,
                kafka.address(),
                ADMIN,
                "--switchboard.management.service-token=" + SERVICE)) {
      HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
      String managementBase = management.baseUrl();
      String serverKey = setUpProject(http, managementBase);

      try (ServiceJvm events =
          ServiceJvm.start(
              "events-api",
              parsed.jar(),
              "1g",
              Map.of(
                  "SWITCHBOARD_EVENTS_DB_URL", eventsDb.jdbcUrl(),
                  "SWITCHBOARD_EVENTS_DB_USER", eventsDb.username(),
                  "SWITCHBOARD_EVENTS_DB_PASSWORD", eventsDb.password(),
                  "SWITCHBOARD_KAFKA", kafka.address(),
                  "SWITCHBOARD_REDIS_HOST", Redis.host(),
                  "SWITCHBOARD_REDIS_PORT", Integer.toString(Redis.port()),
                  "SWITCHBOARD_MANAGEMENT_URL", managementBase,
                  "SWITCHBOARD_SERVICE_TOKEN", SERVICE),
              List.of(
                  "--switchboard.events.topic-partitions=3",
                  "--spring.kafka.listener.concurrency=1"))) {
        String eventsBase = events.address();
        JdbcClient jdbc = JdbcClient.create(eventsDb.dataSource());
        EvaluationBatches batches = new EvaluationBatches();
        AtomicLong batchIds = new AtomicLong();
        AtomicLong accepted = new AtomicLong();
        System.out.printf(
            Locale.ROOT,
            "%-9s %11s %9s %9s %9s %9s %10s %12s %14s%n",
            "batches/s",
            "events/s",
            "p50 ms",
            "p99 ms",
            "max ms",
            "refused",
            "max lag",
            "catch-up ms",
            "cpu ms/batch");
        // warm-up (JIT, connection pools), counted in the totals but not reported
        run(
            http,
            eventsBase,
            serverKey,
            jdbc,
            Math.max(5, seconds / 2),
            20,
            batches,
            batchIds,
            accepted,
            null);
        for (int rate : rates) {
          run(
              http,
              eventsBase,
              serverKey,
              jdbc,
              seconds,
              rate,
              batches,
              batchIds,
              accepted,
              events);
        }
        return compare(jdbc, batches.sent(), accepted.get());
      }
    }
  }

  /**
   * A project whose 50 features have one string variable each; returns its production server key.
   */
  private static String setUpProject(HttpClient http, String base) {
    send(http, "POST", base + "/api/v1/projects", ADMIN, "{\"key\": \"load\", \"name\": \"Load\"}")
        .join();
    for (int v = 0; v < EvaluationBatches.VARIABLES; v++) {
      String body =
          ("{\"key\": \"v%d\", \"name\": \"V%d\", \"variables\": [{\"key\": \"v%d\", \"type\": \"string\"}],"
                  + " \"variations\": [{\"key\": \"on\", \"values\": {\"v%d\": \"a\"}},"
                  + " {\"key\": \"off\", \"values\": {\"v%d\": \"b\"}}]}")
              .formatted(v, v, v, v, v);
      send(http, "POST", base + "/api/v1/projects/load/features", ADMIN, body).join();
    }
    HttpRequest request =
        HttpRequest.newBuilder(
                URI.create(base + "/api/v1/projects/load/environments/production/keys"))
            .header("Authorization", "Bearer " + ADMIN)
            .build();
    String keys = http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).join().body();
    int at = keys.indexOf("\"server-");
    return keys.substring(at + 1, keys.indexOf('"', at + 1));
  }

  private static void run(
      HttpClient http,
      String base,
      String key,
      JdbcClient jdbc,
      int seconds,
      int rate,
      EvaluationBatches batches,
      AtomicLong batchIds,
      AtomicLong accepted,
      ServiceJvm events) // null: a warm-up, not reported
      throws InterruptedException {
    boolean report = events != null;
    Duration cpuBefore = cpu(events);
    long acceptedBefore = accepted.get();
    int total = seconds * rate;
    long intervalNanos = TimeUnit.SECONDS.toNanos(1) / rate;
    ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
    AtomicInteger errors = new AtomicInteger();
    AtomicLong lastDone = new AtomicLong();
    AtomicLong maxLag = new AtomicLong();
    List<CompletableFuture<?>> inFlight = new ArrayList<>(total);
    ConcurrentLinkedQueue<Map.Entry<Long, byte[]>> refused = new ConcurrentLinkedQueue<>();
    long start = System.nanoTime();
    long nextLagSample = start;
    for (int i = 0; i < total; i++) {
      long scheduled = start + i * intervalNanos;
      long wait = scheduled - System.nanoTime();
      if (wait > 0) {
        LockSupport.parkNanos(wait);
      }
      if (System.nanoTime() >= nextLagSample) {
        nextLagSample += TimeUnit.SECONDS.toNanos(1);
        lag(http, base).thenAccept(lag -> maxLag.accumulateAndGet(lag, Math::max));
      }
      long id = batchIds.incrementAndGet();
      byte[] body = batches.body(id);
      inFlight.add(
          send(http, "POST", base + "/v1/events/batch", key, body)
              .whenComplete(
                  (status, failure) -> {
                    long now = System.nanoTime();
                    lastDone.accumulateAndGet(now, Math::max);
                    if (failure != null || status != 202) {
                      errors.incrementAndGet();
                      refused.add(Map.entry(id, body));
                    } else {
                      latencies.add(now - scheduled);
                      accepted.incrementAndGet();
                      batches.countAccepted(id);
                    }
                  }));
    }
    CompletableFuture.allOf(inFlight.toArray(new CompletableFuture<?>[0]))
        .exceptionally(e -> null)
        .join();
    long lastAccepted = lastDone.get();
    double elapsed = (lastAccepted - start) / 1e9;
    // as an SDK does: refused batches are sent again, same batch id, until accepted (a 503 may
    // hide a batch that Kafka did store: de-duplication must then keep it from counting twice)
    for (Map.Entry<Long, byte[]> retry : refused) {
      while (send(http, "POST", base + "/v1/events/batch", key, retry.getValue()).join() != 202) {
        Thread.sleep(200); // back-off of a retrying SDK
      }
      accepted.incrementAndGet();
      batches.countAccepted(retry.getKey());
    }
    // catch-up: until every accepted batch is rolled up
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (System.nanoTime() < deadline
        && jdbc.sql("select count(*) from processed_batch").query(Long.class).single()
            < accepted.get()) {
      if (System.nanoTime() >= nextLagSample) {
        nextLagSample = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(250);
        lag(http, base).thenAccept(lag -> maxLag.accumulateAndGet(lag, Math::max));
      }
      Thread.sleep(20); // a load driver waiting for the system under test, not a test
    }
    double catchUpMillis = (System.nanoTime() - lastAccepted) / 1e6;
    // events-api's own CPU time (ingest and consumer) per accepted batch of 1,000 counts
    double cpuMillisPerBatch =
        (cpu(events).minus(cpuBefore).toNanos() / 1e6)
            / Math.max(1, accepted.get() - acceptedBefore);
    long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
    if (report) {
      System.out.printf(
          Locale.ROOT,
          "%-9d %11.0f %9.1f %9.1f %9.1f %9d %10d %12.0f %14.1f%n",
          rate,
          sorted.length * (double) EvaluationBatches.EVENTS_PER_BATCH / elapsed,
          percentile(sorted, 0.50),
          percentile(sorted, 0.99),
          sorted.length == 0 ? 0 : sorted[sorted.length - 1] / 1e6,
          errors.get(),
          maxLag.get(),
          catchUpMillis,
          cpuMillisPerBatch);
    }
  }

  private static boolean compare(JdbcClient jdbc, Map<String, Long> sent, long accepted) {
    Map<String, Long> rolledUp = new TreeMap<>();
    jdbc.sql(
            "select variable || '|' || variation || '|' || reason as k, sum(count)::bigint as n"
                + " from evaluation_day group by 1")
        .query((row, i) -> rolledUp.put(row.getString("k"), row.getLong("n")))
        .list();
    Map<String, Long> minutes = new TreeMap<>();
    jdbc.sql(
            "select variable || '|' || variation || '|' || reason as k, sum(count)::bigint as n"
                + " from evaluation_minute group by 1")
        .query((row, i) -> minutes.put(row.getString("k"), row.getLong("n")))
        .list();
    long processed = jdbc.sql("select count(*) from processed_batch").query(Long.class).single();
    boolean same = sent.equals(rolledUp) && rolledUp.equals(minutes);
    long total = 0;
    for (long n : sent.values()) {
      total += n;
    }
    System.out.printf(
        Locale.ROOT,
        "accepted batches %d, rolled up %d; %d evaluations in %d (variable, variation, reason)"
            + " counts; day and minute rollups %s what was sent%n",
        accepted,
        processed,
        total,
        sent.size(),
        same ? "equal" : "DIFFER FROM");
    return same && processed == accepted;
  }

  private static CompletableFuture<Long> lag(HttpClient http, String base) {
    HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/actuator/prometheus")).build();
    return http.sendAsync(request, HttpResponse.BodyHandlers.ofString())
        .thenApply(
            response -> {
              for (String line : response.body().split("\n")) {
                if (line.startsWith("switchboard_events_consumer_lag")) {
                  return (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                }
              }
              return 0L;
            })
        .exceptionally(e -> 0L);
  }

  private static Duration cpu(ServiceJvm service) {
    return service == null ? Duration.ZERO : service.cpu();
  }

  private static double percentile(long[] sorted, double p) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    return sorted[(int) Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] / 1e6;
  }

  private static CompletableFuture<Integer> send(
      HttpClient http, String method, String uri, String key, String body) {
    return send(http, method, uri, "Bearer " + key, body.getBytes(StandardCharsets.UTF_8));
  }

  private static CompletableFuture<Integer> send(
      HttpClient http, String method, String uri, String authorization, byte[] body) {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(uri))
            .header("Authorization", authorization)
            .header("Content-Type", "application/json")
            .timeout(Duration.ofSeconds(30))
            .method(method, HttpRequest.BodyPublishers.ofByteArray(body))
            .build();
    return http.sendAsync(request, HttpResponse.BodyHandlers.discarding())
        .thenApply(HttpResponse::statusCode);
  }
}
