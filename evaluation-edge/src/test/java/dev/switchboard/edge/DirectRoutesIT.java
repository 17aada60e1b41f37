package dev.switchboard.edge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.edge.ConfigServiceStandIn.Env;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.server.reactive.observation.ServerRequestObservationContext;

/**
 * The direct routes (Reactor Netty, ahead of WebFlux) answer exactly as the annotated controllers
 * do. A percent-encoded path is the same request to the application but is not plain, so WebFlux's
 * controller answers it: each pair below must get the same status, headers and body (up to the
 * problem's {@code instance}, which is the path as sent).
 */
class DirectRoutesIT extends EdgeTestBase {
  private static Env env;

  @Autowired ObservationRegistry observations;

  @BeforeEach
  void environment() {
    if (env == null) {
      env = publishAndAwait(ConfigServiceStandIn.newEnvironment(), 3);
    }
  }

  @Test
  void theBucketingApiAnswersAsItsController() {
    String[] users = {
      "{\"id\":\"u1\",\"email\":\"ann@example.com\"}",
      "{\"id\":\"u2\",\"country\":\"DE\",\"appVersion\":\"2.10.0\"}",
      "{\"id\":\"u3\",\"custom\":{\"plan\":\"enterprise\",\"seats\":40,\"beta\":true}}",
      "{\"id\":\"u4\"}",
      "",
      "{not json",
      "{\"id\":\"u\",\"plan\":\"x\"}",
      "{\"id\":\"u\",\"custom\":{\"tags\":[\"a\"]}}",
      "{\"id\":\"u\",\"name\":\"" + "x".repeat(5000) + "\"}",
    };
    String[][] paths = {
      {"/v1/variables/new-checkout", "/v1/variables/new%2Dcheckout"},
      {"/v1/variables/dark-mode", "/v1/variables/dark%2Dmode"},
      {"/v1/variables/no-such-variable", "/v1/variables/no%2Dsuch-variable"},
      {"/v1/variables", "/v1/variable%73"},
      {"/v1/features", "/v1/feature%73"},
    };
    List<String> differences = new ArrayList<>();
    for (String[] path : paths) {
      for (String user : users) {
        for (String key : new String[] {env.serverKey(), null, env.clientKey()}) {
          compare(
              differences,
              evaluation(path[0], user, key),
              evaluation(path[1], user, key),
              path[0],
              path[1]);
        }
      }
    }
    assertThat(differences).isEmpty();
  }

  @Test
  void theConfigDownloadAnswersAsItsController() {
    String etag = getConfig(env.serverKey()).headers().firstValue("ETag").orElseThrow();
    String[][] headerSets = {
      {},
      {"Accept-Encoding", "gzip"},
      {"Accept-Encoding", "br, gzip;q=0"},
      {"If-None-Match", etag},
      {"If-None-Match", "\"other\", W/" + etag},
      {"If-None-Match", "\"other\""},
      {"If-None-Match", "*", "Accept-Encoding", "gzip"},
    };
    List<String> differences = new ArrayList<>();
    for (String key : new String[] {env.serverKey(), env.clientKey(), "server-unknown"}) {
      String plain = "/sdk/v1/config/server/" + key + ".json";
      String encoded = "/sdk/v1/config/server/" + key + "%2Ejson";
      for (String[] headers : headerSets) {
        compare(differences, get(plain, headers), get(encoded, headers), plain, encoded);
      }
    }
    assertThat(differences).isEmpty();
  }

  @Test
  void plainRequestsSkipWebFluxAndTheOthersReachIt() {
    List<String> observed = new CopyOnWriteArrayList<>();
    ObservationHandler<Observation.Context> handler =
        new ObservationHandler<>() {
          @Override
          public void onStart(Observation.Context context) {
            if (context instanceof ServerRequestObservationContext request) {
              observed.add(request.getCarrier().getPath().value());
            }
          }

          @Override
          public boolean supportsContext(Observation.Context context) {
            return true;
          }
        };
    observations.observationConfig().observationHandler(handler);
    String config = "/sdk/v1/config/server/" + env.serverKey();

    post("/v1/variables/new-checkout", "{\"id\":\"u1\"}", "Authorization", env.serverKey());
    post("/v1/variables", "{\"id\":\"u1\"}", "Authorization", env.serverKey());
    post("/v1/features", "{\"id\":\"u1\"}");
    get(config + ".json");
    post("/v1/variables/new%2Dcheckout", "{\"id\":\"u1\"}", "Authorization", env.serverKey());
    get(config + "%2Ejson");
    send(
        HttpRequest.newBuilder(uri(config + ".json"))
            .method("HEAD", HttpRequest.BodyPublishers.noBody()));

    assertThat(observed)
        .containsExactly("/v1/variables/new%2Dcheckout", config + "%2Ejson", config + ".json");
  }

  @Test
  void requestsTheDirectRoutesDoNotClaimStillReachTheControllers() {
    HttpResponse<byte[]> head =
        send(
            HttpRequest.newBuilder(uri("/sdk/v1/config/server/" + env.serverKey() + ".json"))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()));
    HttpResponse<byte[]> text =
        post(
            "/v1/variables/new-checkout",
            "{\"id\":\"u1\"}",
            "Authorization",
            env.serverKey(),
            "Accept",
            "text/plain");
    HttpResponse<byte[]> wrongMethod =
        send(HttpRequest.newBuilder(uri("/v1/variables/new-checkout")).GET());

    assertThat(head.statusCode()).isEqualTo(200);
    assertThat(head.headers().firstValue("ETag")).isPresent();
    assertThat(head.body()).isEmpty();
    assertThat(text.statusCode()).isEqualTo(406);
    assertThat(wrongMethod.statusCode()).isEqualTo(405);
  }

  @Test
  void theDirectRoutesRecordRequestLatencyByEndpoint() {
    String etag = getConfig(env.serverKey()).headers().firstValue("ETag").orElseThrow();
    double variables = requests("/v1/variables/{key}", "200");
    double notModified = requests("/sdk/v1/config/server/{file}", "304");
    double unauthorized = requests("/v1/variables/{key}", "401");

    for (int i = 0; i < 3; i++) {
      post("/v1/variables/new-checkout", "{\"id\":\"u1\"}", "Authorization", env.serverKey());
      getConfig(env.serverKey(), "If-None-Match", etag);
      post("/v1/variables/new-checkout", "{\"id\":\"u1\"}");
    }

    assertThat(requests("/v1/variables/{key}", "200")).isEqualTo(variables + 3);
    assertThat(requests("/sdk/v1/config/server/{file}", "304")).isEqualTo(notModified + 3);
    assertThat(requests("/v1/variables/{key}", "401")).isEqualTo(unauthorized + 3);
  }

  /** {@code http_server_requests_seconds_count} of one endpoint and status, from Prometheus. */
  private double requests(String uri, String status) {
    String scrape =
        new String(
            send(HttpRequest.newBuilder(uri("/actuator/prometheus")).GET()).body(),
            StandardCharsets.UTF_8);
    double count = 0;
    for (String line : scrape.split("\n")) {
      if (line.startsWith("http_server_requests_seconds_count{")
          && line.contains("uri=\"" + uri + "\"")
          && line.contains("status=\"" + status + "\"")) {
        count += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return count;
  }

  private HttpResponse<byte[]> evaluation(String path, String body, String key) {
    return key == null ? post(path, body) : post(path, body, "Authorization", key);
  }

  private HttpResponse<byte[]> get(String path, String... headers) {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri(path));
    if (headers.length > 0) {
      request.headers(headers);
    }
    return send(request.GET());
  }

  private static void compare(
      List<String> differences,
      HttpResponse<byte[]> direct,
      HttpResponse<byte[]> controller,
      String directPath,
      String controllerPath) {
    String what = directPath + " vs " + controllerPath + ": ";
    if (direct.statusCode() != controller.statusCode()) {
      differences.add(what + direct.statusCode() + " vs " + controller.statusCode());
      return;
    }
    Map<String, List<String>> directHeaders = new TreeMap<>(direct.headers().map());
    Map<String, List<String>> controllerHeaders = new TreeMap<>(controller.headers().map());
    // the body lengths differ by the instance of a problem
    directHeaders.remove("content-length");
    controllerHeaders.remove("content-length");
    if (!directHeaders.equals(controllerHeaders)) {
      differences.add(
          what + direct.statusCode() + " " + directHeaders + " vs " + controllerHeaders);
    }
    String directBody = new String(direct.body(), StandardCharsets.ISO_8859_1);
    String controllerBody =
        new String(controller.body(), StandardCharsets.ISO_8859_1)
            .replace(controllerPath, directPath);
    if (!directBody.equals(controllerBody)) {
      differences.add(what + direct.statusCode() + " " + directBody + " vs " + controllerBody);
    }
  }
}
