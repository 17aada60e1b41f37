package dev.switchboard.bucketing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Chars;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

class ConfigLoaderTest {

  @Test
  void readsTheDocumentsIdentity() {
    Config config = Documents.parse(Documents.feature("[]"));
    assertThat(config.version()).isEqualTo(7);
    assertThat(config.projectKey()).isEqualTo("p");
    assertThat(config.environmentKey()).isEqualTo("e");
    assertThat(config.featureKeys()).containsExactly("f");
    assertThat(config.variableKeys()).containsExactly("v");
    assertThat(config.variableType("v")).isEqualTo(VariableType.STRING);
    assertThat(config.variableType("nope")).isNull();
    assertThat(config.warnings()).isEmpty();
  }

  @Test
  void ignoresUnknownFields() {
    String json =
        Documents.feature("[]").replace("\"version\": 7", "\"version\": 7, \"shinyNewThing\": [1]");
    assertThat(Documents.parse(json).version()).isEqualTo(7);
  }

  @Test
  void rejectsMalformedJson() {
    assertRejected("{\"schemaVersion\": 1", "");
    assertRejected("[]", "");
  }

  @Test
  void rejectsDuplicatePropertyNames() {
    assertRejected(
        Documents.feature("[]").replace("\"version\": 7", "\"version\": 7, \"version\": 8"), "");
  }

  @Test
  void rejectsContentAfterTheDocument() {
    assertRejected(Documents.feature("[]") + " {}", "");
    assertRejected(Documents.feature("[]") + " x", "");
  }

  @Test
  void rejectsADocumentWithoutContent() {
    assertRejected("", "");
    assertRejected(" \n", "");
    assertRejected("null", "");
  }

  @Test
  void integersAreWrittenWithoutAFractionOrAnExponent() {
    assertRejected(
        Documents.feature("[]").replace("\"schemaVersion\": 1", "\"schemaVersion\": 1.0"),
        "/schemaVersion");
    assertRejected(
        Documents.feature("[]").replace("\"version\": 7", "\"version\": 7e0"), "/version");
  }

  @Test
  void rejectsIntegersTooBigForTheirFieldWithThePointer() {
    String big = "99999999999999999999";
    assertRejected(
        Documents.feature("[]").replace("\"schemaVersion\": 1", "\"schemaVersion\": " + big),
        "/schemaVersion");
    assertRejected(
        Documents.feature("[]").replace("\"version\": 7", "\"version\": " + big), "/version");
    assertRejected(
        Documents.feature(
            """
            [{"id": "r", "audience": {"type": "all"}, "serve": {"distribution": [
              {"variation": "a", "weight": %s}, {"variation": "b", "weight": 0}]}}]
            """
                .formatted(big)),
        "/features/0/targeting/rules/0/serve/distribution/0/weight");
    assertRejected(
        Documents.feature(
            Documents.ruleServingB(
                "{\"type\": \"attribute\", \"attribute\": \"seats\", \"operator\": \"lt\","
                    + " \"values\": ["
                    + "9".repeat(400)
                    + "]}")),
        "/features/0/targeting/rules/0/audience/values/0");
  }

  @Test
  void rejectsOtherSchemaVersions() {
    assertRejected(
        Documents.feature("[]").replace("\"schemaVersion\": 1", "\"schemaVersion\": 2"),
        "/schemaVersion");
  }

  @Test
  void namesTheMissingField() {
    assertRejected(Documents.feature("[]").replace("\"version\": 7,", ""), "/version");
    assertRejected(
        Documents.feature("[{\"id\": \"r\", \"serve\": {\"variation\": \"a\"}}]"),
        "/features/0/targeting/rules/0/audience");
  }

  @Test
  void rejectsDistributionsThatDoNotSumToTheWhole() {
    assertRejected(
        Documents.feature(
            """
            [{"id": "r", "audience": {"type": "all"}, "serve": {"distribution": [
              {"variation": "a", "weight": 50000}, {"variation": "b", "weight": 49999}]}}]
            """),
        "/features/0/targeting/rules/0/serve/distribution");
  }

  @Test
  void rejectsServingBothOrNeither() {
    assertRejected(
        Documents.feature(
            """
            [{"id": "r", "audience": {"type": "all"}, "serve": {"variation": "a",
              "distribution": [{"variation": "a", "weight": 100000}]}}]
            """),
        "/features/0/targeting/rules/0/serve");
    assertRejected(
        Documents.feature("[{\"id\": \"r\", \"audience\": {\"type\": \"all\"}, \"serve\": {}}]"),
        "/features/0/targeting/rules/0/serve");
  }

  @Test
  void rejectsUnknownVariations() {
    assertRejected(
        Documents.feature(Documents.ruleServingB("{\"type\": \"all\"}").replace("\"b\"", "\"z\"")),
        "/features/0/targeting/rules/0/serve/variation");
  }

  @Test
  void rejectsValuesOfTheWrongType() {
    assertRejected(
        Documents.feature("[]").replace("{\"v\": \"B\"}", "{\"v\": 2}"),
        "/features/0/variations/1/values/v");
  }

  @Test
  void rejectsVariationsMissingAVariable() {
    assertRejected(
        Documents.feature("[]").replace("{\"v\": \"C\"}", "{}"),
        "/features/0/variations/2/values/v");
  }

  @Test
  void rejectsRegexesRe2CannotCompile() {
    assertRejected(
        Documents.feature(
            Documents.ruleServingB(
                """
                {"type": "attribute", "attribute": "email", "operator": "matches", "values": ["ok", "(a"]}
                """)),
        "/features/0/targeting/rules/0/audience/values/1");
  }

  @Test
  void rejectsBackreferencesBecauseTheyCannotRunInLinearTime() {
    assertRejected(
        Documents.feature(
            Documents.ruleServingB(
                """
                {"type": "attribute", "attribute": "email", "operator": "matches", "values": ["(a)\\\\1"]}
                """)),
        "/features/0/targeting/rules/0/audience/values/0");
  }

  @Test
  void rejectsAudienceCycles() {
    assertRejected(
        Documents.feature(
            Documents.ruleServingB("{\"type\": \"audience\", \"audience\": \"x\"}"),
            """
            [{"key": "x", "filter": {"type": "audience", "audience": "y"}},
             {"key": "y", "filter": {"type": "or", "filters": [{"type": "audience", "audience": "x"}]}}]
            """),
        "/audiences/1/filter/filters/0/audience");
  }

  @Test
  void rejectsPrerequisiteCycles() {
    assertRejected(
        Documents.feature(
            Documents.ruleServingB(
                "{\"type\": \"prerequisite\", \"feature\": \"f\", \"variations\": [\"a\"]}")),
        "/features/0/targeting/rules/0/audience/feature");
  }

  @Test
  void rejectsFiltersNestedBeyondTheLimit() {
    String filter = "{\"type\": \"all\"}";
    for (int i = 0; i < Limits.MAX_FILTER_DEPTH; i++) {
      filter = "{\"type\": \"and\", \"filters\": [" + filter + "]}";
    }
    String document = Documents.feature(Documents.ruleServingB(filter));
    assertThatThrownBy(() -> Config.parse(document))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("deeper than 10");
  }

  @Test
  void acceptsFiltersNestedUpToTheLimit() {
    String filter = "{\"type\": \"all\"}";
    for (int i = 1; i < Limits.MAX_FILTER_DEPTH; i++) {
      filter = "{\"type\": \"and\", \"filters\": [" + filter + ", {\"type\": \"all\"}]}";
    }
    Documents.parse(Documents.feature(Documents.ruleServingB(filter)));
  }

  @Test
  void countsNestingThroughAudienceReferences() {
    String deep = "{\"type\": \"all\"}";
    for (int i = 1; i < Limits.MAX_FILTER_DEPTH; i++) {
      deep = "{\"type\": \"or\", \"filters\": [" + deep + ", {\"type\": \"all\"}]}";
    }
    String audiences = "[{\"key\": \"deep\", \"filter\": " + deep + "}]";
    Documents.parse(Documents.feature("[]", audiences)); // depth 10 on its own: fine
    String reference =
        "{\"type\": \"and\", \"filters\": [{\"type\": \"audience\", \"audience\": \"deep\"}, {\"type\": \"all\"}]}";
    assertRejected(
        Documents.feature(Documents.ruleServingB(reference), audiences),
        "/features/0/targeting/rules/0/audience/filters/0");
  }

  @Test
  void rejectsDocumentsOverTheSizeLimit() {
    byte[] huge = new byte[Limits.MAX_DOCUMENT_BYTES + 1];
    Arrays.fill(huge, (byte) ' ');
    assertThatThrownBy(() -> Config.parse(huge))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("limit");
  }

  @Test
  void rejectsTooManyValues() {
    StringBuilder values = new StringBuilder("\"x0\"");
    for (int i = 1; i <= Limits.MAX_VALUES; i++) {
      values.append(",\"x").append(i).append('"');
    }
    assertRejected(
        Documents.feature(
            Documents.ruleServingB(
                "{\"type\": \"attribute\", \"attribute\": \"email\", \"operator\": \"in\", \"values\": ["
                    + values
                    + "]}")),
        "/features/0/targeting/rules/0/audience/values");
  }

  @Test
  void reportsUnknownOperatorsFilterTypesAndRolloutsAsWarnings() {
    Config config =
        Documents.parse(
            Documents.feature(
                """
                [{"id": "r1", "audience": {"type": "attribute", "attribute": "email", "operator": "soundsLike", "values": ["x"]},
                  "serve": {"variation": "a"}},
                 {"id": "r2", "audience": {"type": "or", "filters": [{"type": "geofence"}]}, "serve": {"variation": "a"}},
                 {"id": "r3", "audience": {"type": "all"}, "serve": {"variation": "a"}, "rollout": {"type": "lunar"}}]
                """));
    assertThat(config.warnings())
        .extracting(ConfigWarning::pointer)
        .containsExactly(
            "/features/0/targeting/rules/0/audience",
            "/features/0/targeting/rules/1/audience/filters/0",
            "/features/0/targeting/rules/2/rollout");
  }

  @Test
  void keysMustLookLikeKeys() {
    assertRejected(
        Documents.feature("[]").replace("\"key\": \"f\"", "\"key\": \"F\""), "/features/0/key");
  }

  @Test
  void theMessageNamesThePointer() {
    assertThatThrownBy(
            () ->
                Config.parse(
                    Documents.feature("[]")
                        .replace("\"schemaVersion\": 1", "\"schemaVersion\": 2")
                        .getBytes(StandardCharsets.UTF_8)))
        .hasMessageStartingWith("/schemaVersion: unsupported schemaVersion 2");
  }

  @Property
  void theKeyCheckIsTheDocumentedPattern(
      @ForAll @StringLength(max = 102) @Chars({'a', 'z', '0', '9', '.', '_', '-', 'A', ' ', 'é'})
          String candidate) {
    assertThat(ConfigLoader.isKey(candidate))
        .isEqualTo(candidate.matches("[a-z0-9][a-z0-9._-]{0,99}"));
  }

  private static void assertRejected(String json, String pointer) {
    assertThatThrownBy(() -> Config.parse(json))
        .isInstanceOfSatisfying(
            InvalidConfigException.class, e -> assertThat(e.pointer()).isEqualTo(pointer));
  }
}
