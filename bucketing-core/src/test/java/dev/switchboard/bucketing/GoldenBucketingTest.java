package dev.switchboard.bucketing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Pins, forever, which bucket and variation each (feature, user) pair gets. The expected values in
 * {@code golden-buckets.tsv} were computed by an independent implementation of {@code
 * docs/bucketing.md}; if this test fails, users would change variations on upgrade.
 */
class GoldenBucketingTest {

  record Row(
      String feature,
      String user,
      long featureSeed,
      long distributionHash,
      long rolloutHash,
      String split5050,
      String split203050,
      boolean in10,
      boolean in50) {}

  static Stream<Row> rows() throws IOException {
    List<Row> rows = new ArrayList<>();
    try (InputStream in = GoldenBucketingTest.class.getResourceAsStream("/golden-buckets.tsv")) {
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        String[] f = line.split("\t", -1);
        rows.add(
            new Row(
                f[0],
                f[1],
                Long.parseLong(f[2], 16),
                Long.parseLong(f[3], 16),
                Long.parseLong(f[4], 16),
                f[5],
                f[6],
                Boolean.parseBoolean(f[7]),
                Boolean.parseBoolean(f[8])));
      }
    }
    assertThat(rows).hasSizeGreaterThanOrEqualTo(50);
    return rows.stream();
  }

  @ParameterizedTest
  @MethodSource("rows")
  void hashesArePinned(Row row) {
    int seed = Bucketing.featureSeed(row.feature());
    assertThat(seed & 0xffffffffL).isEqualTo(row.featureSeed());
    assertThat(Bucketing.unsignedHash(row.user(), seed)).isEqualTo(row.distributionHash());
    assertThat(Bucketing.unsignedHash(row.user(), Bucketing.rolloutSeed(seed)))
        .isEqualTo(row.rolloutHash());
  }

  @ParameterizedTest
  @MethodSource("rows")
  void variationsArePinned(Row row) {
    User user = User.builder(row.user()).build();
    assertThat(served(row.feature(), split("control", 50000, "treatment", 50000), null, user))
        .isEqualTo(row.split5050());
    assertThat(served(row.feature(), split("a", 20000, "b", 30000, "c", 50000), null, user))
        .isEqualTo(row.split203050());
    assertThat(served(row.feature(), "{\"variation\": \"a\"}", 0.10, user) != null)
        .isEqualTo(row.in10());
    assertThat(served(row.feature(), "{\"variation\": \"a\"}", 0.50, user) != null)
        .isEqualTo(row.in50());
  }

  private static String served(String feature, String serve, Double rollout, User user) {
    String rolloutJson =
        rollout == null
            ? ""
            : ", \"rollout\": {\"type\": \"percentage\", \"percentage\": " + rollout + "}";
    String json =
        """
        {"schemaVersion": 1, "project": {"key": "p"}, "environment": {"key": "e"}, "version": 1,
         "variables": [{"key": "v", "type": "string", "feature": "%1$s"}],
         "features": [{"key": "%1$s",
           "variations": [{"key": "control", "values": {"v": "control"}}, {"key": "treatment", "values": {"v": "treatment"}},
                          {"key": "a", "values": {"v": "a"}}, {"key": "b", "values": {"v": "b"}}, {"key": "c", "values": {"v": "c"}}],
           "targeting": {"on": true, "rules": [{"id": "r", "audience": {"type": "all"}, "serve": %2$s%3$s}]}}]}
        """
            .formatted(feature, serve, rolloutJson);
    return Evaluator.of(Documents.parse(json)).stringVariable(user, "v", "none").variationKey();
  }

  private static String split(Object... variationsAndWeights) {
    StringBuilder json = new StringBuilder("{\"distribution\": [");
    for (int i = 0; i < variationsAndWeights.length; i += 2) {
      json.append(i == 0 ? "" : ", ")
          .append("{\"variation\": \"")
          .append(variationsAndWeights[i])
          .append("\", \"weight\": ")
          .append(variationsAndWeights[i + 1])
          .append('}');
    }
    return json.append("]}").toString();
  }
}
