package dev.switchboard.devstack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One service running as a child JVM from its runnable jar, configured through environment
 * variables exactly as docker-compose configures it, with its output in a log file.
 */
final class ServiceProcess implements AutoCloseable {
  private static final Duration STOP_GRACE = Duration.ofSeconds(20);

  /** A training run writes its class-data archive as it exits: ~100 MB, seconds of CPU. */
  private static final Duration TRAINING_STOP_GRACE = Duration.ofSeconds(120);

  private final String name;
  private final int port;
  private final Path log;
  private final Process process;
  private final ClassDataSharing.Launch launch;
  private boolean exitHandled;

  private ServiceProcess(
      String name, int port, Path log, Process process, ClassDataSharing.Launch launch) {
    this.name = name;
    this.port = port;
    this.log = log;
    this.process = process;
    this.launch = launch;
  }

  /** Starts {@code launch} with {@code environment} added to this process's environment. */
  static ServiceProcess start(
      String name,
      ClassDataSharing.Launch launch,
      int port,
      Map<String, String> environment,
      Path logDirectory)
      throws IOException {
    Files.createDirectories(logDirectory);
    Path log = logDirectory.resolve(name + ".log");
    List<String> command = new ArrayList<>();
    command.add(javaExecutable());
    command.add("-Xmx384m");
    command.add("-XX:TieredStopAtLevel=1");
    command.addAll(launch.jvmOptions());
    command.add("-jar");
    command.add(launch.jar().toString());
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    builder.environment().putAll(environment);
    builder.environment().put("PORT", String.valueOf(port));
    return new ServiceProcess(name, port, log, builder.start(), launch);
  }

  String name() {
    return name;
  }

  int port() {
    return port;
  }

  Path log() {
    return log;
  }

  /**
   * Waits until the service answers its readiness probe ({@code /actuator/health/readiness} 200).
   *
   * @throws IllegalStateException if it exits or is not ready within {@code timeout}
   */
  void awaitReady(Duration timeout) throws InterruptedException {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    URI readiness = URI.create("http://localhost:" + port + "/actuator/health/readiness");
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            name + " exited with status " + process.exitValue() + "; see " + log);
      }
      try {
        HttpResponse<Void> response =
            http.send(
                HttpRequest.newBuilder(readiness).timeout(Duration.ofSeconds(2)).build(),
                HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() == 200) {
          return;
        }
      } catch (IOException notListeningYet) {
        // the service has not opened its port yet: keep polling until the deadline
      }
      // A readiness probe is polled by nature; there is no event to wait for across processes.
      TimeUnit.MILLISECONDS.sleep(200);
    }
    throw new IllegalStateException(name + " was not ready within " + timeout + "; see " + log);
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** SIGTERM: starts the graceful shutdown and returns; {@link #close} waits for it. */
  void requestStop() {
    process.destroy();
  }

  /** SIGTERM (graceful shutdown), then a forced kill if it has not exited within the grace. */
  @Override
  public synchronized void close() throws InterruptedException {
    if (process.isAlive()) {
      process.destroy();
      Duration grace = launch.trains() ? TRAINING_STOP_GRACE : STOP_GRACE;
      if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly().waitFor();
      }
    }
    if (!exitHandled) {
      exitHandled = true;
      launch.exited(process.waitFor());
    }
  }

  /** The JVM that runs dev-stack runs the services too. */
  static String javaExecutable() {
    return ProcessHandle.current()
        .info()
        .command()
        .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
  }
}
