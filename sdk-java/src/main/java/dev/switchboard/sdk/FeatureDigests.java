package dev.switchboard.sdk;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * A fingerprint of each feature's definition in a config document (its own JSON, its variables',
 * and the document's audiences, which rules may reference), so that a config change can name the
 * features it changed (OpenFeature's {@code flagsChanged}).
 */
final class FeatureDigests {

  private FeatureDigests() {}

  static Map<String, Long> of(byte[] document) {
    JsonNode root = Json.MAPPER.readTree(document);
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

  static Set<String> changed(Map<String, Long> before, Map<String, Long> after) {
    Set<String> changed = new HashSet<>();
    for (Map.Entry<String, Long> entry : after.entrySet()) {
      if (!entry.getValue().equals(before.get(entry.getKey()))) {
        changed.add(entry.getKey());
      }
    }
    for (String key : before.keySet()) {
      if (!after.containsKey(key)) {
        changed.add(key);
      }
    }
    return changed;
  }

  private static long digest(JsonNode node) {
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256").digest(Json.MAPPER.writeValueAsBytes(node));
      return ByteBuffer.wrap(hash).getLong();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JVM", e);
    }
  }
}
