package dev.switchboard.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.bucketing.Evaluation;
import dev.switchboard.bucketing.User;
import java.io.IOException;
import java.io.UncheckedIOException;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * bucketing-core's language-neutral conformance suite (its README describes the format), run
 * through the SDK's public API: each file's document is the offline bootstrap file of a client,
 * each case a {@code *Evaluation} call. The files are read from bucketing-core's test resources,
 * relative to this module's directory (the working directory of the test JVM).
 */
class ConformanceTest {
  static final Path SUITE =
      Path.of("..", "bucketing-core", "src", "test", "resources", "conformance");
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final String DEFAULT_NOW = "2026-01-01T00:00:00Z";
  private static Path documents;
  private static final List<SwitchboardClient> clients = new ArrayList<>();

  @BeforeAll
  static void createDirectory() throws IOException {
    documents = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "conf");
  }

  @AfterAll
  static void closeClients() {
    clients.forEach(SwitchboardClient::close);
  }

  @Test
  void theWholeSuiteIsThere() {
    int cases = 0;
    for (Path file : caseFiles()) {
      cases += read(file).get("cases").size();
    }
    assertThat(cases).isGreaterThanOrEqualTo(150);
  }

  @TestFactory
  Stream<DynamicNode> conformance() {
    return caseFiles().stream()
        .map(
            file ->
                DynamicContainer.dynamicContainer(
                    file.getFileName().toString(), runFile(file, read(file))));
  }

  private Stream<DynamicNode> runFile(Path file, JsonNode suite) {
    Path document = documents.resolve(file.getFileName());
    try {
      Files.write(document, JSON.writeValueAsBytes(suite.get("config")));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    boolean rejected = suite.has("loadError");
    String fileNow = suite.has("now") ? suite.get("now").asString() : DEFAULT_NOW;
    List<DynamicNode> nodes = new ArrayList<>();
    for (JsonNode testCase : suite.get("cases")) {
      String now = testCase.has("now") ? testCase.get("now").asString() : fileNow;
      nodes.add(
          DynamicTest.dynamicTest(
              testCase.get("name").asString(),
              () -> {
                SwitchboardClient client =
                    SwitchboardClient.builder("server-conformance")
                        .offline(true)
                        .bootstrapFile(document)
                        .clock(Clock.fixed(Instant.parse(now), ZoneOffset.UTC))
                        .build();
                clients.add(client);
                assertThat(client.isInitialized()).as("document loaded").isEqualTo(!rejected);
                runCase(client, testCase);
              }));
    }
    return nodes.stream();
  }

  private static void runCase(SwitchboardClient client, JsonNode testCase) {
    User user = user(testCase.get("user"));
    String variable = testCase.get("variable").asString();
    JsonNode defaultNode = testCase.get("default");
    JsonNode expected = testCase.get("expected");
    Evaluation<?> actual =
        switch (testCase.get("type").asString()) {
          case "boolean" -> client.booleanEvaluation(user, variable, defaultNode.booleanValue());
          case "string" ->
              client.stringEvaluation(
                  user, variable, defaultNode.isNull() ? null : defaultNode.stringValue());
          case "number" -> client.numberEvaluation(user, variable, defaultNode.doubleValue());
          default -> client.jsonEvaluation(user, variable, javaValue(defaultNode));
        };
    assertThat(normalise(actual.value()))
        .as("value")
        .isEqualTo(normalise(javaValue(expected.get("value"))));
    assertThat(actual.variationKey()).as("variation").isEqualTo(text(expected.get("variation")));
    assertThat(actual.reason().name()).as("reason").isEqualTo(expected.get("reason").asString());
    assertThat(actual.ruleId()).as("ruleId").isEqualTo(text(expected.get("ruleId")));
    assertThat(actual.errorCode() == null ? null : actual.errorCode().name())
        .as("errorCode")
        .isEqualTo(text(expected.get("errorCode")));
  }

  private static User user(JsonNode node) {
    User.Builder builder =
        User.builder(node.get("id").asString())
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
        }
      }
    }
    return builder.build();
  }

  /** JSON as the plain Java values the SDK's JSON variables use. */
  private static Object javaValue(JsonNode node) {
    if (node == null || node.isNull()) {
      return null;
    }
    return JSON.convertValue(node, Object.class);
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
    return node == null || node.isNull() ? null : node.asString();
  }

  private static List<Path> caseFiles() {
    try (Stream<Path> files = Files.list(SUITE)) {
      return files.filter(f -> f.toString().endsWith(".json")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static JsonNode read(Path file) {
    try {
      return JSON.readTree(Files.readAllBytes(file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
