package dev.switchboard.benchmarks.load;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A service's runnable jar in a JVM of its own, as it is deployed: its heap, garbage collections
 * and JIT are its own, not the load driver's (which holds the embedded Kafka broker and the load
 * generator). Configured through the environment variables docker-compose uses, plus arguments.
 *
 * <p>Extra JVM options for a service come from the system property {@code load.<name>JvmArgs} (for
 * example {@code -Dload.config-serviceJvmArgs="-XX:StartFlightRecording=..."}).
 */
final class ServiceJvm implements AutoCloseable {
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private final String name;
  private final Process process;
  private final int port;

  private ServiceJvm(String name, Process process, int port) {
    this.name = name;
    this.process = process;
    this.port = port;
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
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.add("-Xmx" + heap);
    String extra = System.getProperty("load." + name + "JvmArgs", "");
    if (!extra.isBlank()) {
      command.addAll(Arrays.asList(extra.trim().split("\\s+")));
    }
    command.add("-jar");
    command.add(jar.toString());
    command.add("--logging.level.root=WARN");
    command.addAll(arguments);
    ProcessBuilder builder = new ProcessBuilder(command).inheritIO();
    int port = freePort();
    builder.environment().putAll(environment);
    builder.environment().put("PORT", Integer.toString(port));
    ServiceJvm service = new ServiceJvm(name, builder.start(), port);
    try {
      service.awaitReady(Duration.ofMinutes(2));
    } catch (IOException | InterruptedException | RuntimeException e) {
      service.close();
      throw e;
    }
    return service;
  }

  String baseUrl() {
    return "http://localhost:" + port;
  }

  /** CPU time the JVM has used so far (user and system). */
  Duration cpu() {
    return process.info().totalCpuDuration().orElse(Duration.ZERO);
  }

  /** GET of a path, for the actuator's metrics. */
  String get(String path) throws IOException, InterruptedException {
    return HTTP.send(
            HttpRequest.newBuilder(URI.create(baseUrl() + path)).build(),
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
                HttpRequest.newBuilder(URI.create(baseUrl() + "/actuator/health/readiness"))
                    .build(),
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
