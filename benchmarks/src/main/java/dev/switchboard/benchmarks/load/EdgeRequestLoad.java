package dev.switchboard.benchmarks.load;

import io.netty.handler.codec.http.HttpMethod;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

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
 * <p>Then, open loop ({@link OpenLoopClient}: requests sent on a fixed schedule, latency measured
 * from each one's due time), each target at half the requests/s wrk measured for it: the latency
 * the "p99 at half the maximum rate" asks for, which a closed-loop tool cannot give.
 *
 * <p>Usage: {@code EdgeRequestLoad [seconds] [connections] [wrk-threads] [warm-up-seconds]
 * [open-loop-seconds]}, defaults {@code 15 32 1 10 20}; each target is first warmed up (JIT) for
 * the warm-up time; {@code 0} open-loop seconds skips the open-loop part. Needs {@code wrk} on the
 * PATH.
 */
public final class EdgeRequestLoad {
  private static final String USER =
      "{\"id\":\"user-42\",\"email\":\"someone@example.org\",\"country\":\"DE\","
          + "\"appVersion\":\"2.4.1\",\"custom\":{\"plan\":\"free\"}}";

  private EdgeRequestLoad() {}

  public static void main(String[] args) {
    DriverExit.after(
        () -> {
          drive(
              args.length > 0 ? args[0] : "15",
              args.length > 1 ? args[1] : "32",
              args.length > 2 ? args[2] : "1",
              args.length > 3 ? args[3] : "10",
              args.length > 4 ? Integer.parseInt(args[4]) : 20);
          return true;
        });
  }

  private static void drive(
      String seconds, String connections, String threads, String warmUp, int openLoopSeconds)
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
      String ifNoneMatch = "\"" + edge.etag() + "\"";
      String configPath = "/sdk/v1/config/server/" + edge.serverKey + ".json";
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
            List.of("-H", "If-None-Match: " + ifNoneMatch),
            base + edge.port + configPath,
            false);
        wrk(
            warmUp,
            connections,
            threads,
            List.of("-s", script.toString()),
            base + baselinePort + "/",
            false);

        System.out.println("== baseline: minimal Netty server, fixed response " + loadAverage());
        double baselineRate =
            wrk(
                seconds,
                connections,
                threads,
                List.of("-s", script.toString()),
                base + baselinePort + "/",
                true);
        System.out.println("== edge: POST /v1/variables/new-checkout " + loadAverage());
        double variableRate =
            wrk(
                seconds,
                connections,
                threads,
                List.of("-s", script.toString()),
                base + edge.port + "/v1/variables/new-checkout",
                true);
        System.out.println(
            "== edge: GET config with matching If-None-Match (304) " + loadAverage());
        double notModifiedRate =
            wrk(
                seconds,
                connections,
                threads,
                List.of("-H", "If-None-Match: " + ifNoneMatch),
                base + edge.port + configPath,
                true);
        System.out.printf(
            Locale.ROOT,
            "== closed loop (wrk): baseline %.0f req/s; bucketing API %.0f req/s (%.0f%%);"
                + " 304 %.0f req/s (%.0f%%) %s%n",
            baselineRate,
            variableRate,
            100 * variableRate / baselineRate,
            notModifiedRate,
            100 * notModifiedRate / baselineRate,
            loadAverage());

        if (openLoopSeconds > 0) {
          // twice wrk's connections, so that the pool itself does not cap the rate after a stall
          int pool = 2 * Integer.parseInt(connections);
          Map<String, String> post =
              Map.of("Content-Type", "application/json", "Authorization", edge.serverKey);
          List<OpenLoopClient.Result> results =
              List.of(
                  new OpenLoopClient(
                          "127.0.0.1", baselinePort, HttpMethod.POST, "/", post, USER, 200)
                      .run("baseline", baselineRate / 2, pool, 5, openLoopSeconds),
                  new OpenLoopClient(
                          "127.0.0.1",
                          edge.port,
                          HttpMethod.POST,
                          "/v1/variables/new-checkout",
                          post,
                          USER,
                          200)
                      .run("bucketing API", variableRate / 2, pool, 5, openLoopSeconds),
                  new OpenLoopClient(
                          "127.0.0.1",
                          edge.port,
                          HttpMethod.GET,
                          configPath,
                          Map.of("If-None-Match", ifNoneMatch),
                          "",
                          304)
                      .run("304", notModifiedRate / 2, pool, 5, openLoopSeconds));
          System.out.println(
              "== open loop at half the closed-loop maximum, "
                  + openLoopSeconds
                  + " s each after 5 s at the rate "
                  + loadAverage());
          for (OpenLoopClient.Result result : results) {
            System.out.println(result.line());
          }
        }
      }
    }
  }

  /** The load average, so every figure can be read against how busy the machine was. */
  private static String loadAverage() {
    try {
      String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
      return "(load average " + fields[0] + " " + fields[1] + " " + fields[2] + ")";
    } catch (java.io.IOException e) {
      return "(load average unknown)";
    }
  }

  /** Runs wrk; returns the requests/s it reports (0 if it reports none). */
  private static double wrk(
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
    double rate = 0;
    try (BufferedReader out =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = out.readLine(); line != null; line = out.readLine()) {
        if (print) {
          System.out.println(line);
        }
        if (line.startsWith("Requests/sec:")) {
          rate = Double.parseDouble(line.substring("Requests/sec:".length()).trim());
        }
      }
    }
    process.waitFor();
    return rate;
  }
}
