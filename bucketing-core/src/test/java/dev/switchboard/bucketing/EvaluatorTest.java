package dev.switchboard.bucketing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EvaluatorTest {
  private static final User ANA =
      User.builder("ana").email("ana@example.com").country("DE").build();

  private final Evaluator evaluator =
      Evaluator.of(
          Documents.parse(
              Documents.feature(
                  Documents.ruleServingB(
                      "{\"type\": \"attribute\", \"attribute\": \"country\", \"operator\": \"in\", \"values\": [\"DE\", \"FR\"]}"))));

  @Test
  void servesTheMatchingRulesVariation() {
    Evaluation<String> result = evaluator.stringVariable(ANA, "v", "fallback");
    assertThat(result)
        .isEqualTo(new Evaluation<>("B", "f", "b", Reason.TARGETING_MATCH, "r", null));
  }

  @Test
  void servedResultsAreBuiltOnceAtLoad() {
    assertThat(evaluator.stringVariable(ANA, "v", "x"))
        .isSameAs(evaluator.stringVariable(ANA, "v", "y"));
  }

  @Test
  void returnsTheCallersDefaultWhenNoRuleApplies() {
    User bob = User.builder("bob").country("US").build();
    assertThat(evaluator.stringVariable(bob, "v", "fallback"))
        .isEqualTo(new Evaluation<>("fallback", "f", null, Reason.DEFAULT, null, null));
  }

  @Test
  void unknownVariablesAreFlagNotFound() {
    assertThat(evaluator.stringVariable(ANA, "nope", "fallback"))
        .isEqualTo(
            new Evaluation<>("fallback", null, null, Reason.ERROR, null, ErrorCode.FLAG_NOT_FOUND));
  }

  @Test
  void askingForTheWrongTypeIsATypeMismatch() {
    assertThat(evaluator.booleanVariable(ANA, "v", true))
        .isEqualTo(new Evaluation<>(true, "f", null, Reason.ERROR, null, ErrorCode.TYPE_MISMATCH));
    assertThat(evaluator.numberVariable(ANA, "v", 3).errorCode())
        .isEqualTo(ErrorCode.TYPE_MISMATCH);
    assertThat(evaluator.jsonVariable(ANA, "v", Map.of()).errorCode())
        .isEqualTo(ErrorCode.TYPE_MISMATCH);
  }

  @Test
  void nullArgumentsNeverThrow() {
    assertThat(evaluator.stringVariable(null, "v", "d").errorCode()).isEqualTo(ErrorCode.GENERAL);
    assertThat(evaluator.stringVariable(ANA, null, "d").errorCode())
        .isEqualTo(ErrorCode.FLAG_NOT_FOUND);
    assertThat(evaluator.feature(null, "f").errorCode()).isEqualTo(ErrorCode.GENERAL);
    assertThat(evaluator.feature(ANA, null).errorCode()).isEqualTo(ErrorCode.FLAG_NOT_FOUND);
    assertThat(evaluator.allVariables(null)).isEmpty();
  }

  @Test
  void withoutAConfigEveryAnswerIsTheDefaultWithTheGivenCode() {
    Evaluator unavailable = Evaluator.withoutConfig(ErrorCode.PARSE_ERROR);
    assertThat(unavailable.booleanVariable(ANA, "v", true))
        .isEqualTo(new Evaluation<>(true, null, null, Reason.ERROR, null, ErrorCode.PARSE_ERROR));
    assertThat(unavailable.feature(ANA, "f").errorCode()).isEqualTo(ErrorCode.PARSE_ERROR);
    assertThat(unavailable.allVariables(ANA)).isEmpty();
    assertThat(unavailable.config()).isNull();
  }

  @Test
  void evaluatesAWholeFeature() {
    assertThat(evaluator.feature(ANA, "f"))
        .isEqualTo(
            new FeatureEvaluation("f", "b", Map.of("v", "B"), Reason.TARGETING_MATCH, "r", null));
    assertThat(evaluator.allFeatures(ANA)).containsOnlyKeys("f");
  }

  @Test
  void allVariablesHasEveryVariable() {
    Map<String, Evaluation<?>> all = evaluator.allVariables(ANA);
    assertThat(all).containsOnlyKeys("v");
    assertThat(all.get("v").value()).isEqualTo("B");
  }

  @Test
  void offFeaturesServeTheOffVariation() {
    Evaluator off =
        Evaluator.of(
            Documents.parse(
                Documents.feature("[]")
                    .replace("\"on\": true", "\"on\": false, \"offVariation\": \"c\"")));
    assertThat(off.stringVariable(ANA, "v", "d"))
        .isEqualTo(new Evaluation<>("C", "f", "c", Reason.DISABLED, null, null));
    Evaluator offWithoutVariation =
        Evaluator.of(
            Documents.parse(Documents.feature("[]").replace("\"on\": true", "\"on\": false")));
    assertThat(offWithoutVariation.stringVariable(ANA, "v", "d"))
        .isEqualTo(new Evaluation<>("d", "f", null, Reason.DISABLED, null, null));
  }

  @Test
  void gradualRolloutsFollowTheInjectedClock() {
    String rules =
        """
        [{"id": "r", "audience": {"type": "all"}, "serve": {"variation": "b"},
          "rollout": {"type": "gradual", "startDate": "2026-01-01T00:00:00Z", "endDate": "2026-01-11T00:00:00Z",
                      "startPercentage": 0, "endPercentage": 1}}]
        """;
    Config config = Documents.parse(Documents.feature(rules));
    List<User> users = users(2_000);
    assertThat(countServed(config, at("2025-12-31T23:59:59Z"), users)).isZero();
    int halfway = countServed(config, at("2026-01-06T00:00:00Z"), users);
    assertThat(halfway).isBetween(900, 1_100);
    assertThat(countServed(config, at("2026-01-11T00:00:00Z"), users)).isEqualTo(2_000);
  }

  @Test
  void jsonValuesArePlainImmutableJava() {
    String json =
        """
        {"schemaVersion": 1, "project": {"key": "p"}, "environment": {"key": "e"}, "version": 1,
         "variables": [{"key": "ui", "type": "json", "feature": "f"}, {"key": "n", "type": "number", "feature": "f"}],
         "features": [{"key": "f", "variations": [{"key": "a", "values": {"ui": {"size": 3, "tags": ["x", null], "r": 0.5}, "n": 2}}],
           "targeting": {"on": false, "offVariation": "a"}}]}
        """;
    Evaluator withJson = Evaluator.of(Documents.parse(json));
    Object value = withJson.jsonVariable(ANA, "ui", Map.of()).value();
    assertThat(value)
        .isEqualTo(Map.of("size", 3L, "tags", java.util.Arrays.asList("x", null), "r", 0.5));
    assertThat(withJson.numberVariable(ANA, "n", 0).value()).isEqualTo(2.0);
    assertThat(withJson.numberVariable(ANA, "n", 0).reason()).isEqualTo(Reason.DISABLED);
  }

  private static int countServed(Config config, Clock clock, List<User> users) {
    Evaluator at = Evaluator.of(config, clock);
    int served = 0;
    for (User user : users) {
      if ("b".equals(at.stringVariable(user, "v", "-").variationKey())) {
        served++;
      }
    }
    return served;
  }

  static List<User> users(int count) {
    User[] users = new User[count];
    for (int i = 0; i < count; i++) {
      users[i] = User.builder("user-" + i).build();
    }
    return List.of(users);
  }

  private static Clock at(String instant) {
    return Clock.fixed(Instant.parse(instant), ZoneOffset.UTC);
  }
}
