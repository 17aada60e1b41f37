package dev.switchboard.edge.evaluate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.bucketing.Config;
import dev.switchboard.bucketing.Evaluation;
import dev.switchboard.bucketing.Evaluator;
import dev.switchboard.bucketing.FeatureEvaluation;
import dev.switchboard.bucketing.User;
import dev.switchboard.bucketing.VariableType;
import dev.switchboard.edge.evaluate.Results.FeatureResult;
import dev.switchboard.edge.evaluate.Results.VariableResult;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.json.JsonMapper;

/** The streaming writer writes exactly what Jackson writes for {@link Results}' records. */
class ResultWriterTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final Evaluator evaluator =
      Evaluator.of(
          Config.parse(Files.readAllBytes(Path.of("..", "docs", "examples", "new-checkout.json"))));

  ResultWriterTest() throws Exception {}

  static List<User> users() {
    return List.of(
        User.builder("u1").email("ann@example.com").build(),
        User.builder("u2").country("DE").appVersion("2.10.0").build(),
        User.builder("u3").attribute("plan", "enterprise").attribute("seats", 40).build(),
        User.builder("u4").build(),
        User.builder("user-42").email("someone@example.org").country("DE").build());
  }

  @Test
  void oneVariableIsWrittenAsItsRecord() {
    Config config = evaluator.config();
    for (User user : users()) {
      for (String key : config.variableKeys()) {
        VariableType type = config.variableType(key);
        Evaluation<?> evaluation = evaluator.variable(user, key, type, null);
        assertThat(written(out -> ResultWriter.variable(out, config, key, evaluation)))
            .isEqualTo(JSON.writeValueAsString(VariableResult.of(config, key, evaluation)));
      }
    }
  }

  @Test
  void everyOutcomeIsWrittenAsItsRecordIncludingErrorsAndJsonValues() {
    Config config = evaluator.config();
    List<Evaluation<?>> evaluations =
        List.of(
            new Evaluation<>(null, "f", null, dev.switchboard.bucketing.Reason.DEFAULT, null, null),
            new Evaluation<>(
                null,
                null,
                null,
                dev.switchboard.bucketing.Reason.ERROR,
                null,
                dev.switchboard.bucketing.ErrorCode.TYPE_MISMATCH),
            new Evaluation<>(
                Map.of("a", List.of(1L, 2.5, true, "x")),
                "f",
                "v",
                dev.switchboard.bucketing.Reason.SPLIT,
                "r",
                null),
            new Evaluation<>(
                3.25, "f", "v", dev.switchboard.bucketing.Reason.TARGETING_MATCH, "r", null),
            new Evaluation<>(7L, "f", "v", dev.switchboard.bucketing.Reason.DISABLED, null, null));
    for (Evaluation<?> evaluation : evaluations) {
      for (String key : List.of("new-checkout", "not-a-variable")) {
        assertThat(written(out -> ResultWriter.variable(out, config, key, evaluation)))
            .isEqualTo(JSON.writeValueAsString(VariableResult.of(config, key, evaluation)));
      }
    }
  }

  @Test
  void allVariablesAndAllFeaturesAreWrittenAsTheirMaps() {
    Config config = evaluator.config();
    for (User user : users()) {
      Map<String, VariableResult> variables = new LinkedHashMap<>();
      evaluator
          .allVariables(user)
          .forEach(
              (key, evaluation) -> variables.put(key, VariableResult.of(config, key, evaluation)));
      Map<String, FeatureResult> features = new LinkedHashMap<>();
      for (FeatureEvaluation evaluation : evaluator.allFeatures(user).values()) {
        features.put(evaluation.featureKey(), FeatureResult.of(evaluation));
      }

      assertThat(written(out -> ResultWriter.variables(out, config, evaluator.allVariables(user))))
          .isEqualTo(JSON.writeValueAsString(variables));
      assertThat(written(out -> ResultWriter.features(out, evaluator.allFeatures(user))))
          .isEqualTo(JSON.writeValueAsString(features));
    }
  }

  private static String written(Consumer<JsonGenerator> write) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (JsonGenerator out = JSON.createGenerator(bytes)) {
      write.accept(out);
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }
}
