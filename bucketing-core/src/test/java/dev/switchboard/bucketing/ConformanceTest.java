package dev.switchboard.bucketing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs the language-neutral conformance suite in {@code src/test/resources/conformance/} (format in
 * its README): each file holds a config document and cases of user, variable and expected result.
 * Any SDK must pass the same files.
 */
class ConformanceTest {
  static final JsonMapper JSON = JsonMapper.builder().build();
  private static final String DEFAULT_NOW = "2026-01-01T00:00:00Z";

  /** How a suite's document becomes a {@link Config}. */
  private interface Loader {
    Config load(byte[] document) throws InvalidConfigException;
  }

  @TestFactory
  Stream<DynamicNode> conformance() {
    return conformance(Config::parse);
  }

  /**
   * The same suite through what publishers write: {@link ConfigDocument} compacts the document and
   * validates its own tree without parsing the bytes it writes; an SDK parses those bytes.
   */
  @TestFactory
  Stream<DynamicNode> conformanceOfPublishedDocuments() {
    return Stream.of(
        DynamicContainer.dynamicContainer(
            "as validated by the publisher", conformance(d -> ConfigDocument.parse(d).config())),
        DynamicContainer.dynamicContainer(
            "as parsed by an SDK",
            conformance(d -> Config.parse(ConfigDocument.parse(d).toBytes()))));
  }

  private Stream<DynamicNode> conformance(Loader loader) {
    return caseFiles().stream()
        .map(
            file -> {
              JsonNode suite = read(file);
              return DynamicContainer.dynamicContainer(
                  file.getFileName().toString(), file.toUri(), runFile(suite, loader));
            });
  }

  @Test
  void theSuiteHasAtLeast150Cases() {
    int cases = 0;
    for (Path file : caseFiles()) {
      cases += read(file).get("cases").size();
    }
    assertThat(cases).isGreaterThanOrEqualTo(150);
  }

  private Stream<DynamicNode> runFile(JsonNode suite, Loader loader) {
    byte[] document = JSON.writeValueAsBytes(suite.get("config"));
    JsonNode loadError = suite.get("loadError");
    Config config = null;
    InvalidConfigException rejection = null;
    try {
      config = loader.load(document);
    } catch (InvalidConfigException e) {
      rejection = e;
    }
    List<DynamicNode> nodes = new ArrayList<>();
    Config loaded = config;
    InvalidConfigException rejected = rejection;
    nodes.add(
        DynamicTest.dynamicTest(
            loadError == null ? "loads" : "is rejected",
            () -> {
              if (loadError == null) {
                assertThat(rejected).as("load error").isNull();
                if (suite.has("warnings")) {
                  List<String> expected = new ArrayList<>();
                  suite.get("warnings").values().forEach(w -> expected.add(w.stringValue()));
                  assertThat(loaded.warnings())
                      .extracting(ConfigWarning::pointer)
                      .containsExactlyInAnyOrderElementsOf(expected);
                }
              } else {
                assertThat(rejected).as("the document must be rejected").isNotNull();
                JsonNode pointer = loadError.get("pointer");
                if (pointer != null && !pointer.isNull()) {
                  assertThat(rejected.pointer())
                      .as(rejected.getMessage())
                      .isEqualTo(pointer.stringValue());
                }
              }
            }));
    String fileNow = suite.has("now") ? suite.get("now").stringValue() : DEFAULT_NOW;
    for (JsonNode testCase : suite.get("cases")) {
      String now = testCase.has("now") ? testCase.get("now").stringValue() : fileNow;
      Evaluator evaluator =
          loaded == null
              ? Evaluator.withoutConfig(ErrorCode.PARSE_ERROR)
              : Evaluator.of(loaded, Clock.fixed(Instant.parse(now), ZoneOffset.UTC));
      nodes.add(
          DynamicTest.dynamicTest(
              testCase.get("name").stringValue(), () -> runCase(evaluator, testCase)));
    }
    return nodes.stream();
  }

  private static void runCase(Evaluator evaluator, JsonNode testCase) {
    VariableType type = VariableType.fromWireName(testCase.get("type").stringValue());
    Object defaultValue = javaValue(testCase.get("default"), type);
    Evaluation<Object> actual =
        evaluator.variable(
            user(testCase.get("user")), testCase.get("variable").stringValue(), type, defaultValue);
    JsonNode expected = testCase.get("expected");
    assertThat(normalise(actual.value()))
        .as("value")
        .isEqualTo(normalise(javaValue(expected.get("value"), type)));
    assertThat(actual.variationKey()).as("variation").isEqualTo(text(expected.get("variation")));
    assertThat(actual.reason().name()).as("reason").isEqualTo(expected.get("reason").stringValue());
    assertThat(actual.ruleId()).as("ruleId").isEqualTo(text(expected.get("ruleId")));
    assertThat(actual.errorCode() == null ? null : actual.errorCode().name())
        .as("errorCode")
        .isEqualTo(text(expected.get("errorCode")));
  }

  static User user(JsonNode node) {
    User.Builder builder = User.builder(node.get("id").stringValue());
    builder
        .email(text(node.get("email")))
        .name(text(node.get("name")))
        .country(text(node.get("country")))
        .platform(text(node.get("platform")))
        .platformVersion(text(node.get("platformVersion")))
        .appVersion(text(node.get("appVersion")));
    JsonNode custom = node.get("custom");
    if (custom != null) {
      for (Map.Entry<String, JsonNode> entry : custom.properties()) {
        JsonNode value = entry.getValue();
        if (value.isString()) {
          builder.attribute(entry.getKey(), value.stringValue());
        } else if (value.isNumber()) {
          builder.attribute(entry.getKey(), value.doubleValue());
        } else if (value.isBoolean()) {
          builder.attribute(entry.getKey(), value.booleanValue());
        } else {
          fail("custom attribute " + entry.getKey() + " must be a string, number or boolean");
        }
      }
    }
    return builder.build();
  }

  private static Object javaValue(JsonNode node, VariableType type) {
    if (node == null || node.isNull()) {
      return null;
    }
    return switch (type) {
      case BOOLEAN -> node.booleanValue();
      case STRING -> node.stringValue();
      case NUMBER -> node.doubleValue();
      case JSON -> jsonValue(node);
    };
  }

  /**
   * An expected JSON value as the engine hands it out (see {@code VariableType.JSON}), converted
   * here rather than by the engine's own reader, so that the suite checks that reader too.
   */
  private static Object jsonValue(JsonNode node) {
    if (node.isObject()) {
      Map<String, Object> map = new LinkedHashMap<>();
      for (Map.Entry<String, JsonNode> entry : node.properties()) {
        map.put(entry.getKey(), jsonValue(entry.getValue()));
      }
      return map;
    }
    if (node.isArray()) {
      List<Object> list = new ArrayList<>();
      for (JsonNode element : node.values()) {
        list.add(jsonValue(element));
      }
      return list;
    }
    if (node.isString()) {
      return node.stringValue();
    }
    if (node.isBoolean()) {
      return node.booleanValue();
    }
    if (node.isIntegralNumber() && node.canConvertToLong()) {
      return node.longValue();
    }
    if (node.isNumber()) {
      return node.doubleValue();
    }
    return null;
  }

  /** Numbers compare as doubles, whatever Java type holds them. */
  private static Object normalise(Object value) {
    if (value instanceof Number number) {
      return number.doubleValue();
    }
    if (value instanceof Map<?, ?> map) {
      Map<Object, Object> copy = new LinkedHashMap<>();
      map.forEach((k, v) -> copy.put(k, normalise(v)));
      return copy;
    }
    if (value instanceof List<?> list) {
      List<Object> copy = new ArrayList<>();
      list.forEach(v -> copy.add(normalise(v)));
      return copy;
    }
    return value;
  }

  private static String text(JsonNode node) {
    return node == null || node.isNull() ? null : node.stringValue();
  }

  static List<Path> caseFiles() {
    try (Stream<Path> files = Files.list(conformanceDirectory())) {
      return files.filter(f -> f.toString().endsWith(".json")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Path conformanceDirectory() {
    try {
      return Path.of(ConformanceTest.class.getResource("/conformance").toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  static JsonNode read(Path file) {
    try {
      return JSON.readTree(Files.readAllBytes(file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
