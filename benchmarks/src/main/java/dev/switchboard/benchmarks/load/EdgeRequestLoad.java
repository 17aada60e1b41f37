package dev.switchboard.benchmarks.load;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Load driver for the edge's request path, side by side in one run with a minimal Netty server
 * answering a fixed response: {@code wrk} (closed loop, keep-alive) against
 *
 * <ol>
 *   <li>the baseline ({@link FixedResponseServer}, the edge's answer as a fixed body);
 *   <li>{@code POST /v1/variables/new-checkout} (bucketing API: key check, body read and parse,
 *       evaluation, JSON answer);
 *   <li>{@code GET /sdk/v1/config/server/{key}.json} with a matching {@code If-None-Match} (304).
 * </ol>
 *
 * <p>Usage: {@code EdgeRequestLoad [seconds] [connections] [wrk-threads] [warm-up-seconds]},
 * defaults {@code 15 32 1 10}; each target is first warmed up (JIT) for the warm-up time. Needs
 * {@code wrk} on the PATH.
 */
public final class EdgeRequestLoad {
  private static final String USER =
      "{\"id\":\"user-42\",\"email\":\"someone@example.org\",\"country\":\"DE\","
          + "\"appVersion\":\"2.4.1\",\"custom\":{\"plan\":\"free\"}}";

  private EdgeRequestLoad() {}

  public static void main(String[] args) throws Exception {
    try {
      drive(
          args.length > 0 ? args[0] : "15",
          args.length > 1 ? args[1] : "32",
          args.length > 2 ? args[2] : "1",
          args.length > 3 ? args[3] : "10");
    } finally {
      System.exit(0); // the embedded broker's threads would keep the JVM alive
    }
  }

  private static void drive(String seconds, String connections, String threads, String warmUp)
      throws Exception {
    try (EdgeUnderLoad edge = new EdgeUnderLoad("512m")) {
      edge.publish(1);
      edge.awaitVersion(1);
      String answer =
          "{\"key\":\"new-checkout\",\"type\":\"string\",\"value\":\"treatment-b\","
              + "\"feature\":\"new-checkout\",\"variation\":\"treatment-b\","
              + "\"reason\":\"TARGETING_MATCH\",\"ruleId\":\"rule-2-eu-recent-app\"}";
      int baselinePort = EdgeUnderLoad.freePort();
      Path script = Files.createTempFile("edge-post", ".lua");
      Files.writeString(
          script,
          "wrk.method = \"POST\"\n"
              + "wrk.body = '"
              + USER
              + "'\n"
              + "wrk.headers[\"Content-Type\"] = \"application/json\"\n"
              + "wrk.headers[\"Authorization\"] = \""
              + edge.serverKey
              + "\"\n");
      try (FixedResponseServer baseline = new FixedResponseServer(baselinePort, answer)) {
        String base = "http://127.0.0.1:";
        // warm-up: JIT the edge's paths before measuring
        wrk(
            warmUp,
            connections,
            threads,
            List.of("-s", script.toString()),
            base + edge.port + "/v1/variables/new-checkout",
            false);
        wrk(
            warmUp,
            connections,
            threads,
            List.of("-H", "If-None-Match: \"" + edge.etag() + "\""),
            base + edge.port + "/sdk/v1/config/server/" + edge.serverKey + ".json",
            false);
        wrk(
            warmUp,
            connections,
            threads,
            List.of("-s", script.toString()),
            base + baselinePort + "/",
            false);

        System.out.println("== baseline: minimal Netty server, fixed response");
        wrk(
            seconds,
            connections,
            threads,
            List.of("-s", script.toString()),
            base + baselinePort + "/",
            true);
        System.out.println("== edge: POST /v1/variables/new-checkout");
        wrk(
            seconds,
            connections,
            threads,
            List.of("-s", script.toString()),
            base + edge.port + "/v1/variables/new-checkout",
            true);
        System.out.println("== edge: GET config with matching If-None-Match (304)");
        wrk(
            seconds,
            connections,
            threads,
            List.of("-H", "If-None-Match: \"" + edge.etag() + "\""),
            base + edge.port + "/sdk/v1/config/server/" + edge.serverKey + ".json",
            true);
      }
    }
  }

  private static void wrk(
      String seconds,
      String connections,
      String threads,
      List<String> options,
      String url,
      boolean print)
      throws Exception {
    List<String> command =
        new ArrayList<>(
            List.of("wrk", "-t" + threads, "-c" + connections, "-d" + seconds + "s", "--latency"));
    command.addAll(options);
    command.add(url);
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    try (BufferedReader out =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = out.readLine(); line != null; line = out.readLine()) {
        if (print) {
          System.out.println(line);
        }
      }
    }
    process.waitFor();
  }
}
