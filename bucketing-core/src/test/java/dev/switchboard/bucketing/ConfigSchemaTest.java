package dev.switchboard.bucketing;

import static org.assertj.core.api.Assertions.assertThat;

import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/**
 * The published JSON Schema ({@code docs/config-schema.json}) and the engine agree: every example
 * and every conformance document the engine accepts is valid against the schema.
 */
class ConfigSchemaTest {
  private static final Path DOCS = Path.of("..", "docs");
  private static final Schema SCHEMA = loadSchema();

  static Stream<Path> examples() throws IOException {
    try (Stream<Path> files = Files.list(DOCS.resolve("examples"))) {
      List<Path> examples = files.filter(f -> f.toString().endsWith(".json")).sorted().toList();
      assertThat(examples).isNotEmpty();
      return examples.stream();
    }
  }

  static Stream<Path> acceptedConformanceDocuments() {
    return ConformanceTest.caseFiles().stream()
        .filter(file -> !ConformanceTest.read(file).has("loadError"));
  }

  @ParameterizedTest
  @MethodSource("examples")
  void examplesLoadAndMatchTheSchema(Path example) throws Exception {
    byte[] bytes = Files.readAllBytes(example);
    Config config = Config.parse(bytes);
    assertThat(config.warnings()).isEmpty();
    assertThat(SCHEMA.validate(ConformanceTest.JSON.readTree(bytes))).isEmpty();
  }

  @ParameterizedTest
  @MethodSource("acceptedConformanceDocuments")
  void documentsTheEngineAcceptsMatchTheSchema(Path file) {
    JsonNode config = ConformanceTest.read(file).get("config");
    assertThat(SCHEMA.validate(config)).isEmpty();
  }

  private static Schema loadSchema() {
    try {
      JsonNode schema =
          ConformanceTest.JSON.readTree(Files.readAllBytes(DOCS.resolve("config-schema.json")));
      return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
          .getSchema(schema);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read docs/config-schema.json", e);
    }
  }
}
