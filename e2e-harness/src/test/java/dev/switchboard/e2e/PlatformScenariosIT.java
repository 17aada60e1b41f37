package dev.switchboard.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.bucketing.ErrorCode;
import dev.switchboard.bucketing.Reason;
import dev.switchboard.bucketing.User;
import dev.switchboard.devstack.DevStack;
import dev.switchboard.sdk.SwitchboardClient;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The platform's promise, end to end: changes made through the REST API reach a running SDK
 * correctly, keys are enforced, the client API agrees with the SDK, evaluations are counted, and an
 * edge restart loses nothing. Everything runs for real, started by dev-stack.
 */
class PlatformScenariosIT {
  private static final Duration PROPAGATION = Duration.ofSeconds(20);
  private static DevStack stack;
  private static Platform platform;

  @BeforeAll
  static void start() throws Exception {
    stack = SharedStack.get();
    platform = new Platform(stack);
  }

  private static User user(int i, String country) {
    return User.builder("user-" + i).country(country).build();
  }

  @Test
  void attributeRuleRolloutKillSwitchAndArchiveReachARunningSdk() {
    String project = platform.newProject("flow");
    String feature = platform.createBooleanFeature(project, "new-checkout");
    try (SwitchboardClient sdk = platform.sdk(platform.key(project, "production", "server"))) {
      User german = user(1, "DE");
      User american = user(2, "US");
      assertThat(sdk.booleanValue(german, feature, false)).isFalse();

      platform.target(
          project,
          feature,
          "production",
          """
          {"on": true, "offVariation": "off", "rules": [
            {"id": "germany", "audience": {"type": "attribute", "attribute": "country", "operator": "in", "values": ["DE"]},
             "serve": {"variation": "on"}}]}
          """);
      await().atMost(PROPAGATION).until(() -> sdk.booleanValue(german, feature, false));
      assertThat(sdk.booleanValue(american, feature, false)).isFalse();

      // A percentage rollout raised from 10% to 50%: nobody inside the first 10% leaves.
      List<User> users = IntStream.range(0, 2_000).mapToObj(i -> user(i, "US")).toList();
      long countryRuleVersion = sdk.configVersion();
      platform.target(project, feature, "production", rollout(0.10));
      await().atMost(PROPAGATION).until(() -> sdk.configVersion() > countryRuleVersion);
      Set<String> inAtTen = inside(sdk, feature, users);
      assertThat(inAtTen.size()).isBetween(140, 260);
      long before = sdk.configVersion();
      platform.target(project, feature, "production", rollout(0.50));
      await().atMost(PROPAGATION).until(() -> sdk.configVersion() > before);
      Set<String> inAtFifty = inside(sdk, feature, users);
      assertThat(inAtFifty).containsAll(inAtTen);
      assertThat(inAtFifty.size()).isBetween(900, 1_100);

      // The kill switch: everyone gets the off variation at once.
      platform.call(
          "POST",
          "/projects/" + project + "/features/" + feature + "/targeting/production/off",
          null,
          200);
      await().atMost(PROPAGATION).until(() -> inside(sdk, feature, users).isEmpty());
      assertThat(sdk.booleanEvaluation(users.get(0), feature, true).reason())
          .isEqualTo(Reason.DISABLED);

      // Archived: the variable is gone; callers get their default with FLAG_NOT_FOUND.
      platform.call("DELETE", "/projects/" + project + "/features/" + feature, null, 204);
      await()
          .atMost(PROPAGATION)
          .until(
              () ->
                  sdk.booleanEvaluation(german, feature, true).errorCode()
                      == ErrorCode.FLAG_NOT_FOUND);
      assertThat(sdk.booleanValue(german, feature, true)).isTrue();
    }
  }

  private static String rollout(double percentage) {
    return """
        {"on": true, "offVariation": "off", "rules": [
          {"id": "rollout", "audience": {"type": "all"}, "serve": {"variation": "on"},
           "rollout": {"type": "percentage", "percentage": %s}}]}
        """
        .formatted(percentage);
  }

  private static Set<String> inside(SwitchboardClient sdk, String feature, List<User> users) {
    Set<String> inside = new HashSet<>();
    for (User user : users) {
      if (sdk.booleanValue(user, feature, false)) {
        inside.add(user.id());
      }
    }
    return inside;
  }

  @Test
  void aRotatedServerKeyIsRefusedAndTheNewOneWorks() {
    String project = platform.newProject("keys");
    String old = platform.key(project, "staging", "server");
    platform.awaitServed(old);

    JsonNode fresh =
        platform.call(
            "POST", "/projects/" + project + "/environments/staging/keys/server/rotate", null, 200);
    String newKey = fresh.get("key").stringValue();
    assertThat(newKey).isNotEqualTo(old).startsWith("server-");

    platform.awaitServed(newKey);
    await()
        .atMost(PROPAGATION)
        .until(
            () ->
                platform
                        .edge("GET", "/sdk/v1/config/server/" + old + ".json", null, null)
                        .statusCode()
                    == 401);
    assertThat(platform.edge("GET", "/sdk/v1/stream", old, null).statusCode()).isEqualTo(401);
  }

  @Test
  void theClientApiServesWhatTheSdkEvaluates() {
    String project = platform.newProject("client");
    String feature = platform.createBooleanFeature(project, "banner");
    platform.target(
        project,
        feature,
        "development",
        """
        {"on": true, "offVariation": "off", "rules": [
          {"id": "split", "audience": {"type": "all"},
           "serve": {"distribution": [{"variation": "off", "weight": 50000}, {"variation": "on", "weight": 50000}]}}]}
        """);
    String clientKey = platform.key(project, "development", "client");
    try (SwitchboardClient sdk = platform.sdk(platform.key(project, "development", "server"))) {
      await()
          .atMost(PROPAGATION)
          .until(
              () -> sdk.booleanEvaluation(user(0, "FR"), feature, false).reason() == Reason.SPLIT);
      await("the edge knows the client key")
          .atMost(PROPAGATION)
          .until(
              () ->
                  platform
                          .edge("POST", "/client/v1/evaluate", clientKey, "{\"id\": \"probe\"}")
                          .statusCode()
                      == 200);
      int on = 0;
      for (int i = 0; i < 40; i++) {
        boolean expected = sdk.booleanValue(user(i, "FR"), feature, false);
        on += expected ? 1 : 0;
        var response =
            platform.edge(
                "POST",
                "/client/v1/evaluate",
                clientKey,
                "{\"id\": \"user-" + i + "\", \"country\": \"FR\"}");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode value = Platform.JSON.readTree(response.body()).path("variables").path(feature);
        assertThat(value.path("value").booleanValue()).as("user-" + i).isEqualTo(expected);
      }
      assertThat(on).isBetween(5, 35); // both variations really occur
    }
  }

  @Test
  void sdkEvaluationsAppearInTheUsageReportWithExactCounts() {
    String project = platform.newProject("usage");
    String feature = platform.createBooleanFeature(project, "search");
    platform.target(
        project,
        feature,
        "production",
        """
        {"on": true, "offVariation": "off", "rules": [
          {"id": "all", "audience": {"type": "all"}, "serve": {"variation": "on"}}]}
        """);
    try (SwitchboardClient sdk = platform.sdk(platform.key(project, "production", "server"))) {
      await().atMost(PROPAGATION).until(() -> sdk.booleanValue(user(0, "DE"), feature, false));
      long already = 1; // the evaluation that ended the wait above… and those before it:
      for (int i = 0; i < 137; i++) {
        sdk.booleanValue(user(i, "DE"), feature, false);
      }
      sdk.flush();
      // Earlier polling evaluations (before the targeting arrived) counted as "off" or defaults;
      // the "on" count is what this test controls exactly: 137 plus the one that ended the wait.
      await().atMost(PROPAGATION).until(() -> onCount(project, feature) == 137 + already);
    }
  }

  private static long onCount(String project, String feature) {
    JsonNode usage =
        platform.call(
            "GET",
            "/projects/" + project + "/features/" + feature + "/usage?environment=production",
            null,
            200);
    long on = 0;
    for (JsonNode total : usage.path("totals")) {
      if ("on".equals(total.path("variation").stringValue(null))) {
        on += total.path("count").longValue();
      }
    }
    return on;
  }

  @Test
  void anEdgeRestartLeavesSdksServingAndTheyConverge() throws Exception {
    String project = platform.newProject("fault");
    String feature = platform.createBooleanFeature(project, "payments");
    platform.target(
        project,
        feature,
        "production",
        """
        {"on": true, "offVariation": "off", "rules": [
          {"id": "all", "audience": {"type": "all"}, "serve": {"variation": "on"}}]}
        """);
    try (SwitchboardClient sdk = platform.sdk(platform.key(project, "production", "server"))) {
      await().atMost(PROPAGATION).until(() -> sdk.booleanValue(user(0, "DE"), feature, false));

      stack.stop("evaluation-edge");
      assertThat(sdk.booleanValue(user(0, "DE"), feature, false)).isTrue(); // last good config
      platform.call(
          "POST",
          "/projects/" + project + "/features/" + feature + "/targeting/production/off",
          null,
          200);
      stack.restart("evaluation-edge");

      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> !sdk.booleanValue(user(0, "DE"), feature, true));
    }
  }
}
