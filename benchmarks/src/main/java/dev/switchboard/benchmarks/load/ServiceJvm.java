package dev.switchboard.benchmarks.load;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A service's runnable jar, or a main class of this classpath, in a JVM of its own, as it is
 * deployed: its heap, garbage collections and JIT are its own, not the load driver's (which holds
 * the load generator). A service is configured through the environment variables docker-compose
 * uses, plus arguments.
 *
 * <p>Extra JVM options for a JVM come from the system property {@code load.<name>JvmArgs} (for
 * example {@code -Dload.config-serviceJvmArgs="-XX:StartFlightRecording=..."}); they come after the
 * driver's own options, so they override them. A JVM is stopped by {@link #close()} or, at the
 * latest, when the driver's JVM exits.
 */
final class ServiceJvm implements AutoCloseable {
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private final String name;
  private final Process process;
  private final String address;

  private ServiceJvm(String name, Process process, String address) {
    this.name = name;
    this.process = process;
    this.address = address;
    // a driver that ends without close(), by an exception or Ctrl-C, takes its JVMs with it
    Runtime.getRuntime().addShutdownHook(new Thread(process::destroy, "stop-" + name));
  }

  /**
   * Starts {@code jar} on a free port ({@code PORT}) with {@code heap} as its maximum heap and
   * waits until its readiness probe answers 200.
   */
  static ServiceJvm start(
      String name, Path jar, String heap, Map<String, String> environment, List<String> arguments)
      throws IOException, InterruptedException {
    if (!Files.isRegularFile(jar)) {
      throw new IllegalArgumentException(name + ": no runnable jar at " + jar);
    }
    List<String> command = javaCommand(name, List.of("-Xmx" + heap));
    command.add("-jar");
    command.add(jar.toString());
    command.add("--logging.level.root=WARN");
    command.addAll(arguments);
    ProcessBuilder builder = new ProcessBuilder(command).inheritIO();
    int port = freePort();
    builder.environment().putAll(environment);
    builder.environment().put("PORT", Integer.toString(port));
    ServiceJvm service = new ServiceJvm(name, builder.start(), "http://localhost:" + port);
    try {
      service.awaitReady(Duration.ofMinutes(2));
    } catch (IOException | InterruptedException | RuntimeException e) {
      service.close();
      throw e;
    }
    return service;
  }

  /**
   * Starts {@code mainClass} from the driver's classpath with {@code jvmOptions} and waits for the
   * first line it prints on its standard output, its {@linkplain #address() address}. The class
   * prints nothing else there and stops when its standard input ends (the driver closed it or
   * died). Its standard error, where it logs, goes to {@code
   * benchmarks/target/load-logs/<name>.log}.
   */
  static ServiceJvm startMain(String name, Class<?> mainClass, List<String> jvmOptions)
      throws IOException, InterruptedException {
    List<String> command = javaCommand(name, jvmOptions);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(mainClass.getName());
    Path log = logFile(name);
    Process process = new ProcessBuilder(command).redirectError(log.toFile()).start();
    ServiceJvm jvm = new ServiceJvm(name, process, firstLine(process));
    if (jvm.address.isEmpty()) {
      jvm.close();
      throw new IllegalStateException(name + " exited before it was ready; see " + log);
    }
    return jvm;
  }

  /**
   * A service's base URL ({@code http://localhost:<port>}), or the address a main class printed
   * (the Kafka broker's bootstrap servers).
   */
  String address() {
    return address;
  }

  /** CPU time the JVM has used so far (user and system). */
  Duration cpu() {
    return process.info().totalCpuDuration().orElse(Duration.ZERO);
  }

  /** GET of a path, for the actuator's metrics. */
  String get(String path) throws IOException, InterruptedException {
    return HTTP.send(
            HttpRequest.newBuilder(URI.create(address + path)).build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }

  private void awaitReady(Duration timeout) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(name + " exited with " + process.exitValue());
      }
      try {
        HttpResponse<Void> response =
            HTTP.send(
                HttpRequest.newBuilder(URI.create(address + "/actuator/health/readiness")).build(),
                HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      }
      Thread.sleep(250); // a load driver waiting for the system under test, not a test
    }
    throw new IllegalStateException(name + " did not become ready within " + timeout);
  }

  /**
   * The JVM that runs the driver, with {@code options}, then those of {@code load.<name>JvmArgs}.
   */
  private static List<String> javaCommand(String name, List<String> options) {
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.addAll(options);
    String extra = System.getProperty("load." + name + "JvmArgs", "");
    if (!extra.isBlank()) {
      command.addAll(Arrays.asList(extra.trim().split("\\s+")));
    }
    return command;
  }

  /** The first line of the process's standard output; empty if it ended before printing one. */
  private static String firstLine(Process process) throws IOException {
    BufferedReader out =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    String line = out.readLine();
    return line == null ? "" : line;
  }

  /** {@code <name>.log} in {@code load-logs} next to the driver's classes (benchmarks/target). */
  private static Path logFile(String name) throws IOException {
    Path classes;
    try {
      classes =
          Path.of(ServiceJvm.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IOException(e);
    }
    Path directory = classes.toAbsolutePath().getParent().resolve("load-logs");
    Files.createDirectories(directory);
    return directory.resolve(name + ".log");
  }

  /** SIGTERM (graceful shutdown), then a forced kill after 30 s. */
  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
