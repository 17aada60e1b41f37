package dev.switchboard.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class FeatureDigestsTest {
  private static final JsonMapper DATABIND = JsonMapper.builder().build();

  @Test
  void agreeWithTheFormerDigestsOfDatabindsTree() throws IOException {
    for (String name : new String[] {"everything.json", "new-checkout.json"}) {
      byte[] document = Files.readAllBytes(Path.of("..", "docs", "examples", name));
      assertThat(FeatureDigests.of(document)).as(name).isEqualTo(withDatabind(document));
    }
    byte[] checkout = bytes(Documents.checkout(3, "control"));
    assertThat(FeatureDigests.of(checkout)).isEqualTo(withDatabind(checkout));
  }

  @Test
  void layoutAndTheOrderOfTopLevelMembersDoNotMatter() {
    String document = Documents.checkout(3, "control");
    String relaid =
        document
            .replace(": ", ":")
            .replace("\n", "\n   ")
            .replace("\"version\": 3,", "\"version\": 3, \"audiences\": null, \"extra\": [{}],");
    assertThat(FeatureDigests.of(bytes(relaid))).isEqualTo(FeatureDigests.of(bytes(document)));
  }

  @Test
  void namesTheFeaturesWhoseDefinitionChanged() {
    Map<String, Long> before = FeatureDigests.of(bytes(Documents.checkout(3, "control")));
    Map<String, Long> after = FeatureDigests.of(bytes(Documents.checkout(4, "treatment")));
    assertThat(before).containsOnlyKeys("new-checkout", "dark-mode");
    assertThat(FeatureDigests.changed(before, after)).containsExactly("new-checkout");
  }

  @Test
  void anAudienceChangeChangesEveryFeature() {
    String document = Documents.checkout(3, "control");
    String withAudience =
        document.replace(
            "\"version\": 3,",
            "\"version\": 3, \"audiences\": [{\"key\": \"a\", \"filter\": {}}],");
    assertThat(
            FeatureDigests.changed(
                FeatureDigests.of(bytes(document)), FeatureDigests.of(bytes(withAudience))))
        .containsExactlyInAnyOrder("new-checkout", "dark-mode");
  }

  /** The implementation before the SDK read its start-up JSON without databind. */
  private static Map<String, Long> withDatabind(byte[] document) {
    JsonNode root = DATABIND.readTree(document);
    long audiences = digest(root.path("audiences"));
    Map<String, Long> digests = new HashMap<>();
    for (JsonNode feature : root.path("features")) {
      digests.put(feature.path("key").asString(""), digest(feature) * 31 + audiences);
    }
    for (JsonNode variable : root.path("variables")) {
      digests.computeIfPresent(
          variable.path("feature").asString(""), (key, value) -> value * 31 + digest(variable));
    }
    return digests;
  }

  private static long digest(JsonNode node) {
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(DATABIND.writeValueAsBytes(node));
      return ByteBuffer.wrap(hash).getLong();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] bytes(String json) {
    return json.getBytes(StandardCharsets.UTF_8);
  }
}
