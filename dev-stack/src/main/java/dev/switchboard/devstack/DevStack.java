package dev.switchboard.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * The whole platform on one machine with nothing installed: embedded PostgreSQL, Kafka and Redis, a
 * directory as the object store, and every service as a child JVM configured through the same
 * environment variables docker-compose uses.
 *
 * <p>{@code ./mvnw -q -T2 -pl dev-stack -am -Dmaven.test.skip package exec:java} runs {@link
 * #main}; tests and the e2e harness use {@link #start}.
 */
public final class DevStack implements AutoCloseable {
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);

  private final DevStackOptions options;
  private final @Nullable ClassDataSharing classDataSharing;
  private final Map<String, ServiceProcess> services = new LinkedHashMap<>();
  private final Map<String, Map<String, String>> environments = new LinkedHashMap<>();
  // Set as they start, under this object's monitor, so that close() stops whatever has started,
  // even from a shutdown hook (Ctrl-C) while the stack is still starting.
  private @Nullable DataDirectoryLock lock;
  private @Nullable LocalInfrastructure infrastructure;
  private boolean closed;
  private @Nullable DemoKeys demoKeys;

  private DevStack(DevStackOptions options) {
    this.options = options;
    this.classDataSharing =
        options.classDataSharing()
            ? new ClassDataSharing(options.servicesDirectory().resolve("cds"))
            : null;
  }

  public static void main(String[] args) throws Exception {
    long started = System.nanoTime();
    DevStackOptions options;
    try {
      options = DevStackOptions.parse(args, System.getenv());
    } catch (IllegalArgumentException e) {
      System.err.println("dev-stack: " + e.getMessage());
      System.exit(2);
      return;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    DevStack stack = new DevStack(options);
    // Before starting anything: Ctrl-C during the start must not leave PostgreSQL or a service
    // running without us.
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  System.out.println("dev-stack: stopping…");
                  try {
                    stack.close();
                  } catch (Exception e) {
                    System.err.println("dev-stack: error while stopping: " + e);
                  }
                  stopped.countDown();
                },
                "dev-stack-shutdown"));
    try {
      stack.startAll();
    } catch (DataDirectoryLock.DataDirectoryInUseException e) {
      System.err.println("dev-stack: " + e.getMessage());
      System.exit(1);
      return;
    } catch (Exception e) {
      System.err.println("dev-stack: could not start: " + e.getMessage());
      e.printStackTrace();
      // Kafka's threads would keep the JVM alive.
      System.exit(1);
      return;
    }
    // exec:java runs dev-stack inside Maven's JVM, which ./mvnw started when the command was typed.
    Duration sinceCommand =
        ProcessHandle.current()
            .info()
            .startInstant()
            .map(start -> Duration.between(start, Instant.now()))
            .orElse(null);
    System.out.println(stack.banner(Duration.ofNanos(System.nanoTime() - started), sinceCommand));
    stopped.await();
  }

  /** Starts everything and returns once every service is ready (and the demo data exists). */
  public static DevStack start(DevStackOptions options) throws Exception {
    DevStack stack = new DevStack(options);
    stack.startAll();
    return stack;
  }

  private void startAll() throws Exception {
    try {
      startInfrastructure();
      // management-api first: config-service and events-api call it as they start.
      startService("management-api", options.managementPort(), managementEnvironment());
      awaitReady();
      startService("config-service", options.configServicePort(), configEnvironment());
      startService("evaluation-edge", options.edgePort(), edgeEnvironment());
      startService("events-api", options.eventsPort(), eventsEnvironment());
      awaitReady();
      // Kafka starts empty every time (only PostgreSQL and the object store keep data), so the
      // catalogue of published configs must be announced again: ask config-service to rebuild.
      DemoData.rebuildAll(
          "http://localhost:" + options.configServicePort(), options.serviceToken(), READY_TIMEOUT);
      if (options.demo()) {
        demoKeys = new DemoData(options.managementPort(), options.adminToken()).ensure();
        // Ready means an SDK started now gets the demo config: wait until config-service has
        // published it and the edge has read the announcement.
        DemoData.awaitServed(edgeUrl(), demoKeys.serverKey(), READY_TIMEOUT);
      }
    } catch (Exception e) {
      close();
      throw e;
    }
  }

  private synchronized void startInfrastructure() throws IOException {
    checkNotClosed();
    // Before --reset: the data directory may belong to a dev-stack that is running.
    lock = DataDirectoryLock.acquire(options.dataDirectory());
    if (options.reset()) {
      deleteContentExceptLock(options.dataDirectory());
    }
    infrastructure = LocalInfrastructure.start(options);
  }

  private LocalInfrastructure infrastructure() {
    LocalInfrastructure started = infrastructure;
    if (started == null) {
      throw new IllegalStateException("the infrastructure has not started");
    }
    return started;
  }

  private void checkNotClosed() {
    if (closed) {
      throw new IllegalStateException("dev-stack was stopped while starting");
    }
  }

  /** The base URL of management-api's REST API. */
  public String managementUrl() {
    return "http://localhost:" + options.managementPort();
  }

  /** The base URL of evaluation-edge (config, SSE, bucketing and client APIs). */
  public String edgeUrl() {
    return "http://localhost:" + options.edgePort();
  }

  /** The base URL of events-api. */
  public String eventsUrl() {
    return "http://localhost:" + options.eventsPort();
  }

  /** The bootstrap admin token. */
  public String adminToken() {
    return options.adminToken();
  }

  /** The demo environment's keys, or null without demo data. */
  public @Nullable DemoKeys demoKeys() {
    return demoKeys;
  }

  /**
   * Stops the services (gracefully, all at once), then the embedded servers, then releases the data
   * directory. Stops whatever has started if called while starting; a second call does nothing.
   */
  @Override
  public synchronized void close() throws Exception {
    if (closed) {
      return;
    }
    closed = true;
    List<ServiceProcess> running = new ArrayList<>(services.values());
    java.util.Collections.reverse(running);
    // All at once: each has its own grace, and nothing depends on another's orderly shutdown
    // (Kafka and PostgreSQL stop only after every service).
    for (ServiceProcess service : running) {
      service.requestStop();
    }
    Exception failure = null;
    for (ServiceProcess service : running) {
      try {
        service.close();
      } catch (Exception e) {
        failure = failure == null ? e : failure;
      }
    }
    if (infrastructure != null) {
      try {
        infrastructure.close();
      } catch (IOException e) {
        failure = failure == null ? e : failure;
      }
    }
    // Last: only now may another dev-stack use (or reset) the data directory.
    if (lock != null) {
      try {
        lock.close();
      } catch (IOException e) {
        failure = failure == null ? e : failure;
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  private Map<String, String> managementEnvironment() {
    return Map.of(
        "SWITCHBOARD_DB_URL", infrastructure().jdbcUrl("switchboard"),
        "SWITCHBOARD_DB_USER", LocalInfrastructure.POSTGRES_USER,
        "SWITCHBOARD_DB_PASSWORD", LocalInfrastructure.POSTGRES_USER,
        "SWITCHBOARD_KAFKA", infrastructure().kafkaBootstrapServers(),
        "SWITCHBOARD_BOOTSTRAP_TOKEN", options.adminToken(),
        "SWITCHBOARD_SERVICE_TOKEN", options.serviceToken(),
        "SWITCHBOARD_EVENTS_API_URL", eventsUrl());
  }

  private Map<String, String> configEnvironment() {
    return Map.of(
        "SWITCHBOARD_KAFKA", infrastructure().kafkaBootstrapServers(),
        "SWITCHBOARD_MANAGEMENT_URL", managementUrl(),
        "SWITCHBOARD_SERVICE_TOKEN", options.serviceToken(),
        "SWITCHBOARD_OBJECT_STORE_TYPE", "filesystem",
        "SWITCHBOARD_OBJECT_STORE_DIR", objectStoreDirectory());
  }

  private Map<String, String> edgeEnvironment() {
    return Map.of(
        "SWITCHBOARD_KAFKA", infrastructure().kafkaBootstrapServers(),
        "SWITCHBOARD_REDIS_HOST", "127.0.0.1",
        "SWITCHBOARD_REDIS_PORT", String.valueOf(infrastructure().redisPort()),
        "SWITCHBOARD_OBJECT_STORE_TYPE", "filesystem",
        "SWITCHBOARD_OBJECT_STORE_DIR", objectStoreDirectory());
  }

  private Map<String, String> eventsEnvironment() {
    return Map.of(
        "SWITCHBOARD_EVENTS_DB_URL", infrastructure().jdbcUrl("switchboard_events"),
        "SWITCHBOARD_EVENTS_DB_USER", LocalInfrastructure.POSTGRES_USER,
        "SWITCHBOARD_EVENTS_DB_PASSWORD", LocalInfrastructure.POSTGRES_USER,
        "SWITCHBOARD_KAFKA", infrastructure().kafkaBootstrapServers(),
        "SWITCHBOARD_REDIS_HOST", "127.0.0.1",
        "SWITCHBOARD_REDIS_PORT", String.valueOf(infrastructure().redisPort()),
        "SWITCHBOARD_MANAGEMENT_URL", managementUrl(),
        "SWITCHBOARD_SERVICE_TOKEN", options.serviceToken());
  }

  private String objectStoreDirectory() {
    return infrastructure().objectStoreDirectory().toAbsolutePath().toString();
  }

  private synchronized void startService(String name, int port, Map<String, String> environment)
      throws IOException, InterruptedException {
    checkNotClosed();
    Path jar = options.servicesDirectory().resolve(name + ".jar");
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(
          jar + " is missing: build first (./mvnw -pl dev-stack -am -DskipTests package)");
    }
    ClassDataSharing.Launch launch =
        classDataSharing == null
            ? ClassDataSharing.Launch.plain(jar)
            : classDataSharing.prepare(name, jar);
    if (launch.trains()) {
      System.out.println(
          "dev-stack: "
              + name
              + " was rebuilt: this run records its class-data archive when it stops,"
              + " so that later starts are faster");
    }
    environments.put(name, environment);
    services.put(
        name, ServiceProcess.start(name, launch, port, environment, options.logDirectory()));
  }

  /**
   * Stops one service gracefully (SIGTERM), for fault tests: {@code management-api}, {@code
   * config-service}, {@code evaluation-edge} or {@code events-api}.
   */
  public void stop(String service) throws InterruptedException {
    running(service).close();
  }

  /**
   * Fault injection: stops the Kafka broker until the outage ends; it then comes back on the same
   * port with its topics, records and consumer offsets, and {@link Outage#end()} returns once every
   * partition has a leader.
   */
  public Outage kafkaOutage() {
    return infrastructure.kafkaOutage();
  }

  /** Fault injection: stops redis-server until the outage ends (it comes back empty). */
  public Outage redisOutage() throws IOException {
    return infrastructure.redisOutage();
  }

  /** Fault injection: every object-store read and write fails until the outage ends. */
  public Outage objectStoreOutage() throws IOException {
    return infrastructure.objectStoreOutage();
  }

  /** Starts a service (stopped or not) again as it was, and waits until it is ready. */
  public void restart(String service) throws IOException, InterruptedException {
    ServiceProcess old = running(service);
    old.close();
    startService(service, old.port(), environments.get(service));
    services.get(service).awaitReady(READY_TIMEOUT);
  }

  private ServiceProcess running(String service) {
    ServiceProcess process = services.get(service);
    if (process == null) {
      throw new IllegalArgumentException("no service " + service + "; have " + services.keySet());
    }
    return process;
  }

  private void awaitReady() throws InterruptedException {
    for (ServiceProcess service : services.values()) {
      service.awaitReady(READY_TIMEOUT);
    }
  }

  String banner(Duration startup, @Nullable Duration sinceCommand) {
    StringBuilder banner = new StringBuilder();
    banner.append("\n==== Switchboard dev-stack ready in ").append(seconds(startup)).append(" s");
    if (sinceCommand != null) {
      banner.append(" (").append(seconds(sinceCommand)).append(" s since the command)");
    }
    banner.append(" ====\n");
    banner
        .append("  management API   ")
        .append(managementUrl())
        .append("/api/v1  (Swagger UI: ")
        .append(managementUrl())
        .append("/swagger-ui.html)\n");
    banner.append("  evaluation edge  ").append(edgeUrl()).append("  (SDK base URI)\n");
    banner.append("  events API       ").append(eventsUrl()).append('\n');
    banner
        .append("  config-service   http://localhost:")
        .append(options.configServicePort())
        .append("/actuator/health\n");
    banner.append("  admin token      ").append(options.adminToken()).append('\n');
    if (demoKeys != null) {
      banner
          .append("  demo project     ")
          .append(DemoData.PROJECT)
          .append(", environment ")
          .append(DemoData.ENVIRONMENT)
          .append('\n');
      banner.append("  server key       ").append(demoKeys.serverKey()).append('\n');
      banner.append("  client key       ").append(demoKeys.clientKey()).append('\n');
    }
    banner
        .append("  data             ")
        .append(options.dataDirectory().toAbsolutePath())
        .append(" (logs in ")
        .append(options.logDirectory())
        .append(")\n");
    banner.append("Press Ctrl-C to stop.\n");
    return banner.toString();
  }

  private static String seconds(Duration duration) {
    return String.format("%.1f", duration.toMillis() / 1000.0);
  }

  /** {@code --reset}: everything but the lock this dev-stack holds. */
  private static void deleteContentExceptLock(Path directory) throws IOException {
    try (Stream<Path> entries = Files.list(directory)) {
      for (Path entry : entries.toList()) {
        if (!entry.getFileName().toString().equals(DataDirectoryLock.FILE_NAME)) {
          deleteRecursively(entry);
        }
      }
    }
  }

  static void deleteRecursively(Path directory) {
    if (!Files.exists(directory)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(directory)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not delete " + directory, e);
    }
  }
}
