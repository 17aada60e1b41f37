package dev.switchboard.bucketing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.StringLength;
import tools.jackson.databind.json.JsonMapper;

/** Laws that hold for every input: the properties the issue asks for, checked with jqwik. */
class EvaluationPropertiesTest {
  private static final JsonMapper JSON = ConformanceTest.JSON;
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-03-01T00:00:00Z"), ZoneOffset.UTC);

  @Property(tries = 300)
  void raisingARolloutNeverRemovesAUser(
      @ForAll @StringLength(min = 1, max = 30) String userId,
      @ForAll("featureKeys") String featureKey,
      @ForAll @DoubleRange(min = 0, max = 1) double lower,
      @ForAll @DoubleRange(min = 0, max = 1) double higher) {
    Assume.that(lower <= higher);
    User user = User.builder(userId).build();
    boolean inLower = inRollout(featureKey, lower, user);
    boolean inHigher = inRollout(featureKey, higher, user);
    assertThat(!inLower || inHigher).as("in at %s but not at %s", lower, higher).isTrue();
  }

  @Property(tries = 5)
  void aThirtySeventySplitLandsWithinOnePercent(@ForAll("featureKeys") String featureKey) {
    String json =
        """
        {"schemaVersion": 1, "project": {"key": "p"}, "environment": {"key": "e"}, "version": 1,
         "variables": [{"key": "v", "type": "string", "feature": "%s"}],
         "features": [{"key": "%1$s", "variations": [{"key": "a", "values": {"v": "A"}}, {"key": "b", "values": {"v": "B"}}],
           "targeting": {"on": true, "rules": [{"id": "r", "audience": {"type": "all"},
             "serve": {"distribution": [{"variation": "a", "weight": 30000}, {"variation": "b", "weight": 70000}]}}]}}]}
        """
            .formatted(featureKey);
    Evaluator evaluator = Evaluator.of(Documents.parse(json));
    int users = 100_000;
    int servedA = 0;
    for (int i = 0; i < users; i++) {
      if ("a"
          .equals(
              evaluator
                  .stringVariable(User.builder("user-" + i).build(), "v", "-")
                  .variationKey())) {
        servedA++;
      }
    }
    assertThat(servedA).isBetween(29_000, 31_000);
  }

  /**
   * Arbitrary documents either load or are rejected with {@link InvalidConfigException}; loaded
   * ones evaluate every variable for arbitrary users without throwing and without an internal error
   * (GENERAL would mean the evaluator caught a bug).
   */
  @Property(tries = 500)
  void evaluationNeverThrowsForArbitraryConfigsAndUsers(@ForAll long seed) {
    Random random = new Random(seed);
    RandomDocuments documents = new RandomDocuments(random);
    Config config;
    try {
      config = Config.parse(JSON.writeValueAsBytes(documents.document()));
    } catch (InvalidConfigException rejected) {
      return; // a clean rejection is a valid outcome
    }
    Evaluator evaluator = Evaluator.of(config, CLOCK);
    for (int u = 0; u < 20; u++) {
      User user = documents.user();
      for (String key : config.variableKeys()) {
        Evaluation<Object> result = evaluator.variable(user, key, config.variableType(key), null);
        assertThat(result.errorCode()).isNull();
        assertThat(result.reason()).isNotEqualTo(Reason.ERROR);
      }
      for (String key : config.featureKeys()) {
        assertThat(evaluator.feature(user, key).errorCode()).isNull();
      }
    }
  }

  /** Mutated documents (fields dropped or given the wrong type) never escape as other errors. */
  @Property(tries = 500)
  void brokenDocumentsAreRejectedCleanly(@ForAll long seed) {
    Random random = new Random(seed);
    Map<String, Object> document = mutableCopy(new RandomDocuments(random).document());
    mutate(document, random);
    try {
      Evaluator evaluator = Evaluator.of(Config.parse(JSON.writeValueAsBytes(document)), CLOCK);
      evaluator.allVariables(User.builder("u1").build());
    } catch (InvalidConfigException rejected) {
      assertThat(rejected.pointer()).isNotNull();
      assertThat(rejected.getMessage()).isNotBlank();
    }
  }

  /**
   * Only rule order and distribution order carry meaning: shuffling features, variables, audiences,
   * variations, group members, list values and object properties changes no result.
   */
  @Property(tries = 300)
  void resultsDoNotDependOnRuleIndependentOrder(@ForAll long seed) throws Exception {
    Random random = new Random(seed);
    RandomDocuments documents = new RandomDocuments(random);
    Map<String, Object> document = documents.document();
    Config original;
    try {
      original = Config.parse(JSON.writeValueAsBytes(document));
    } catch (InvalidConfigException rejected) {
      Assume.that(false);
      return;
    }
    Config shuffled = Config.parse(JSON.writeValueAsBytes(shuffle(document, random, null)));
    Evaluator a = Evaluator.of(original, CLOCK);
    Evaluator b = Evaluator.of(shuffled, CLOCK);
    for (int u = 0; u < 20; u++) {
      User user = documents.user();
      assertThat(b.allVariables(user)).isEqualTo(a.allVariables(user));
      for (String key : original.featureKeys()) {
        assertThat(b.feature(user, key)).isEqualTo(a.feature(user, key));
      }
    }
  }

  @net.jqwik.api.Provide
  net.jqwik.api.Arbitrary<String> featureKeys() {
    return net.jqwik.api.Arbitraries.strings()
        .withChars("abcdefghijklmnopqrstuvwxyz0123456789-._")
        .ofMinLength(1)
        .ofMaxLength(40)
        .filter(key -> Character.isLetterOrDigit(key.charAt(0)));
  }

  private static boolean inRollout(String featureKey, double percentage, User user) {
    String json =
        """
        {"schemaVersion": 1, "project": {"key": "p"}, "environment": {"key": "e"}, "version": 1,
         "variables": [{"key": "v", "type": "boolean", "feature": "%s"}],
         "features": [{"key": "%1$s", "variations": [{"key": "on", "values": {"v": true}}],
           "targeting": {"on": true, "rules": [{"id": "r", "audience": {"type": "all"},
             "serve": {"variation": "on"}, "rollout": {"type": "percentage", "percentage": %s}}]}}]}
        """
            .formatted(featureKey, percentage);
    return Evaluator.of(Documents.parse(json)).booleanVariable(user, "v", false).reason()
        == Reason.TARGETING_MATCH;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> mutableCopy(Map<String, Object> document) {
    return JSON.readValue(JSON.writeValueAsBytes(document), LinkedHashMap.class);
  }

  /**
   * Shuffles every array except rules, distributions and schedule steps, and every object's
   * properties; variable values are data and keep their inner order.
   */
  private static Object shuffle(Object node, Random random, String field) {
    if (node instanceof Map<?, ?> map) {
      boolean variableValues = "values".equals(field);
      List<Map.Entry<String, Object>> entries = new ArrayList<>();
      for (Map.Entry<?, ?> entry : map.entrySet()) {
        String key = (String) entry.getKey();
        Object value = entry.getValue();
        entries.add(Map.entry(key, variableValues ? value : shuffle(value, random, key)));
      }
      Collections.shuffle(entries, random);
      Map<String, Object> copy = new LinkedHashMap<>();
      entries.forEach(e -> copy.put(e.getKey(), e.getValue()));
      return copy;
    }
    if (node instanceof List<?> list) {
      List<Object> copy = new ArrayList<>();
      for (Object element : list) {
        copy.add(shuffle(element, random, null));
      }
      if (!"rules".equals(field) && !"distribution".equals(field) && !"steps".equals(field)) {
        Collections.shuffle(copy, random);
      }
      return copy;
    }
    return node;
  }

  @SuppressWarnings("unchecked")
  private static void mutate(Object node, Random random) {
    if (node instanceof Map<?, ?> raw) {
      Map<String, Object> map = (Map<String, Object>) raw;
      for (String key : new ArrayList<>(map.keySet())) {
        int dice = random.nextInt(40);
        if (dice == 0) {
          map.remove(key);
        } else if (dice == 1) {
          map.put(key, List.of(1, "two"));
        } else if (dice == 2) {
          map.put(key, "?");
        } else if (dice == 3) {
          map.put(key, null);
        } else {
          mutate(map.get(key), random);
        }
      }
    } else if (node instanceof List<?> list) {
      list.forEach(element -> mutate(element, random));
    }
  }

  @Property(tries = 50)
  void weightsOfZeroAreNeverServed(@ForAll @IntRange(min = 0, max = 1000) int user) {
    String json =
        Documents.feature(
            """
        [{"id": "r", "audience": {"type": "all"}, "serve": {"distribution": [
          {"variation": "a", "weight": 0}, {"variation": "b", "weight": 100000}, {"variation": "c", "weight": 0}]}}]
        """);
    assertThat(
            Evaluator.of(Documents.parse(json))
                .stringVariable(User.builder("u" + user).build(), "v", "-")
                .variationKey())
        .isEqualTo("b");
  }
}
