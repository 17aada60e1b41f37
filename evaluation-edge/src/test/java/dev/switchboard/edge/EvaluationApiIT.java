package dev.switchboard.edge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.edge.ConfigServiceStandIn.Env;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The bucketing API and the client API over the documented example
 * (docs/examples/new-checkout.json): expected values are the example's rules, read by hand.
 */
class EvaluationApiIT extends EdgeTestBase {
  private static Env env;
  private static Env corsEnv;

  @BeforeEach
  void environments() {
    if (env == null) {
      env = publishAndAwait(ConfigServiceStandIn.newEnvironment(), 4);
      Env fresh = ConfigServiceStandIn.newEnvironment();
      corsEnv =
          publishAndAwait(
              new Env(
                  fresh.environmentId(),
                  CORS_PROJECT,
                  "production",
                  fresh.serverKey(),
                  fresh.clientKey()),
              1);
    }
  }

  HttpResponse<byte[]> server(String path, String body) {
    return post(path, body, "Authorization", env.serverKey());
  }

  @Test
  void evaluatesOneVariableWithItsReasonAndRule() {
    JsonNode result =
        json(server("/v1/variables/new-checkout", "{\"id\":\"u1\",\"email\":\"ann@example.com\"}"));

    assertThat(result.get("key").asString()).isEqualTo("new-checkout");
    assertThat(result.get("type").asString()).isEqualTo("string");
    assertThat(result.get("value").asString()).isEqualTo("treatment-a");
    assertThat(result.get("feature").asString()).isEqualTo("new-checkout");
    assertThat(result.get("variation").asString()).isEqualTo("treatment-a");
    assertThat(result.get("reason").asString()).isEqualTo("TARGETING_MATCH");
    assertThat(result.get("ruleId").asString()).isEqualTo("rule-1-example-com");
    assertThat(result.has("errorCode")).isFalse();
  }

  @Test
  void usesBuiltInAndCustomAttributes() {
    JsonNode eu =
        json(
            server(
                "/v1/variables/new-checkout",
                "{\"id\":\"u2\",\"country\":\"DE\",\"appVersion\":\"2.10.0\"}"));
    JsonNode enterprise =
        json(
            server(
                "/v1/variables/new-checkout",
                "{\"id\":\"u3\",\"custom\":{\"plan\":\"enterprise\",\"seats\":40,\"beta\":true}}"));
    JsonNode everyoneElse = json(server("/v1/variables/new-checkout", "{\"id\":\"u4\"}"));

    assertThat(eu.get("value").asString()).isEqualTo("treatment-b");
    assertThat(eu.get("ruleId").asString()).isEqualTo("rule-2-eu-recent-app");
    assertThat(enterprise.get("value").asString()).isEqualTo("control");
    assertThat(enterprise.get("ruleId").asString()).isEqualTo("rule-3-enterprise");
    assertThat(everyoneElse.get("reason").asString()).isEqualTo("SPLIT");
    assertThat(everyoneElse.get("value").asString()).isIn("control", "treatment-a");
  }

  @Test
  void evaluatesAllVariablesAndAllFeatures() {
    JsonNode variables =
        json(server("/v1/variables", "{\"id\":\"u1\",\"email\":\"a@example.com\"}"));
    JsonNode features = json(server("/v1/features", "{\"id\":\"u1\",\"email\":\"a@example.com\"}"));

    assertThat(variables.propertyNames()).containsExactly("new-checkout", "dark-mode");
    assertThat(variables.get("dark-mode").get("value").asBoolean()).isTrue();
    assertThat(variables.get("dark-mode").get("type").asString()).isEqualTo("boolean");
    assertThat(features.propertyNames()).containsExactly("new-checkout", "dark-mode");
    assertThat(features.get("new-checkout").get("variation").asString()).isEqualTo("treatment-a");
    assertThat(features.get("new-checkout").get("values").get("new-checkout").asString())
        .isEqualTo("treatment-a");
    assertThat(features.get("dark-mode").get("reason").asString()).isEqualTo("TARGETING_MATCH");
  }

  @Test
  void anUnknownVariableIsNotFound() {
    HttpResponse<byte[]> response = server("/v1/variables/no-such-variable", "{\"id\":\"u1\"}");

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(json(response).get("type").asString())
        .isEqualTo("https://switchboard.dev/problems/variable-not-found");
  }

  @Test
  void malformedUsersAreProblemDetailsThatNameTheMistake() {
    String[][] cases = {
      {"", "user object"},
      {"{not json", "malformed JSON"},
      {"[1,2]", "JSON object"},
      {"{}", "'id' is required"},
      {"{\"id\":42}", "'id' is required"},
      {"{\"id\":\"u\",\"email\":7}", "'email' must be a string"},
      {"{\"id\":\"u\",\"plan\":\"x\"}", "unknown field 'plan'"},
      {"{\"id\":\"u\",\"custom\":[]}", "'custom' must be an object"},
      {"{\"id\":\"u\",\"custom\":{\"tags\":[\"a\"]}}", "'custom.tags' must be"},
    };
    for (String[] example : cases) {
      for (String path :
          new String[] {"/v1/variables", "/v1/features", "/v1/variables/dark-mode"}) {
        HttpResponse<byte[]> response = server(path, example[0]);
        assertThat(response.statusCode()).as(path + " " + example[0]).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type").orElseThrow())
            .startsWith("application/problem+json");
        JsonNode problem = json(response);
        assertThat(problem.get("type").asString())
            .isEqualTo("https://switchboard.dev/problems/bad-request");
        assertThat(problem.get("detail").asString()).as(example[0]).contains(example[1]);
      }
    }
  }

  @Test
  void bodiesOverTheLimitAreRefusedWith413() {
    String big = "{\"id\":\"u\",\"name\":\"" + "x".repeat(5000) + "\"}";

    HttpResponse<byte[]> declared = server("/v1/variables", big);
    HttpResponse<byte[]> chunked =
        send(
            HttpRequest.newBuilder(uri("/client/v1/evaluate"))
                .header("Authorization", env.clientKey())
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofInputStream(
                        () -> new java.io.ByteArrayInputStream(big.getBytes()))));

    assertThat(declared.statusCode()).isEqualTo(413);
    assertThat(json(declared).get("type").asString())
        .isEqualTo("https://switchboard.dev/problems/too-large");
    assertThat(chunked.statusCode()).isEqualTo(413);
  }

  @Test
  void theClientApiReturnsOnlyClientVisibleFeatures() {
    JsonNode result =
        json(
            post(
                "/client/v1/evaluate",
                "{\"id\":\"u1\",\"email\":\"a@example.com\"}",
                "Authorization",
                env.clientKey()));

    assertThat(result.get("version").asLong()).isEqualTo(4);
    assertThat(result.get("features").propertyNames()).containsExactly("dark-mode");
    assertThat(result.get("variables").propertyNames()).containsExactly("dark-mode");
    assertThat(result.get("variables").get("dark-mode").get("value").asBoolean()).isTrue();
  }

  @Test
  void answersCorsPreflightsForAllowedOriginsOnly() {
    HttpResponse<byte[]> allowed = preflight("https://app.example.com");
    HttpResponse<byte[]> perEnvironment = preflight("https://only.example.com");
    HttpResponse<byte[]> refused = preflight("https://evil.example.net");

    assertThat(allowed.statusCode()).isEqualTo(204);
    assertThat(allowed.headers().firstValue("Access-Control-Allow-Origin"))
        .hasValue("https://app.example.com");
    assertThat(allowed.headers().firstValue("Access-Control-Allow-Methods").orElseThrow())
        .contains("POST");
    assertThat(allowed.headers().firstValue("Access-Control-Allow-Headers").orElseThrow())
        .contains("Authorization", "Content-Type");
    assertThat(allowed.headers().firstValue("Access-Control-Max-Age")).hasValue("600");
    assertThat(perEnvironment.statusCode()).isEqualTo(204);
    assertThat(refused.statusCode()).isEqualTo(403);
    assertThat(refused.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
  }

  @Test
  void aBrowserRequestIsCheckedAgainstItsOwnEnvironmentsOrigins() {
    HttpResponse<byte[]> defaultOrigins =
        post(
            "/client/v1/evaluate",
            "{\"id\":\"u\"}",
            "Authorization",
            env.clientKey(),
            "Origin",
            "https://app.example.com");
    HttpResponse<byte[]> ownOrigin =
        post(
            "/client/v1/evaluate",
            "{\"id\":\"u\"}",
            "Authorization",
            corsEnv.clientKey(),
            "Origin",
            "https://only.example.com");
    HttpResponse<byte[]> otherEnvironmentsOrigin =
        post(
            "/client/v1/evaluate",
            "{\"id\":\"u\"}",
            "Authorization",
            corsEnv.clientKey(),
            "Origin",
            "https://app.example.com");
    HttpResponse<byte[]> serverEndpoint =
        post(
            "/v1/variables",
            "{\"id\":\"u\"}",
            "Authorization",
            env.serverKey(),
            "Origin",
            "https://app.example.com");

    assertThat(defaultOrigins.statusCode()).isEqualTo(200);
    assertThat(defaultOrigins.headers().firstValue("Access-Control-Allow-Origin"))
        .hasValue("https://app.example.com");
    assertThat(ownOrigin.statusCode()).isEqualTo(200);
    assertThat(ownOrigin.headers().firstValue("Access-Control-Allow-Origin"))
        .hasValue("https://only.example.com");
    assertThat(otherEnvironmentsOrigin.statusCode()).isEqualTo(403);
    assertThat(otherEnvironmentsOrigin.headers().firstValue("Access-Control-Allow-Origin"))
        .isEmpty();
    assertThat(serverEndpoint.statusCode()).isEqualTo(200);
    assertThat(serverEndpoint.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
  }

  private HttpResponse<byte[]> preflight(String origin) {
    return send(
        HttpRequest.newBuilder(uri("/client/v1/evaluate"))
            .header("Origin", origin)
            .header("Access-Control-Request-Method", "POST")
            .header("Access-Control-Request-Headers", "authorization, content-type")
            .method("OPTIONS", HttpRequest.BodyPublishers.noBody()));
  }
}
