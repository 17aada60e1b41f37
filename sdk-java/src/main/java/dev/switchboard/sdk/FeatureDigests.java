package dev.switchboard.sdk;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;

/**
 * A fingerprint of each feature's definition in a config document (its own JSON, its variables',
 * and the document's audiences, which rules may reference), so that a config change can name the
 * features it changed (OpenFeature's {@code flagsChanged}).
 *
 * <p>Each part is hashed in its compact form (no whitespace, numbers as Jackson writes them), so a
 * document that is only laid out differently changes nothing. The document is read with the
 * streaming parser (see {@link Json}).
 */
final class FeatureDigests {
  /** Absent audiences hash like {@code "audiences": null}, which means the same. */
  private static final byte[] ABSENT = "null".getBytes(StandardCharsets.US_ASCII);

  private FeatureDigests() {}

  /**
   * The fingerprint of every feature, by key.
   *
   * @param document a document that {@code Config.parse} accepted: an object whose {@code features}
   *     and {@code variables} are arrays of objects with string keys
   */
  static Map<String, Long> of(byte[] document) {
    Map<String, Long> features = new HashMap<>();
    List<Part> variables = new ArrayList<>();
    long audiences = digest(ABSENT);
    try (JsonParser parser = Json.STREAMS.createParser(document)) {
      parser.nextToken(); // the document's START_OBJECT
      while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
        String member = parser.currentName();
        parser.nextToken();
        switch (member) {
          case "features" -> {
            while (parser.nextToken() == JsonToken.START_OBJECT) {
              Part feature = part(parser, "key");
              features.put(feature.key, feature.digest);
            }
          }
          case "variables" -> {
            while (parser.nextToken() == JsonToken.START_OBJECT) {
              variables.add(part(parser, "feature"));
            }
          }
          case "audiences" -> audiences = part(parser, "").digest;
          default -> parser.skipChildren();
        }
      }
    }
    Map<String, Long> digests = new HashMap<>();
    for (Map.Entry<String, Long> feature : features.entrySet()) {
      digests.put(feature.getKey(), feature.getValue() * 31 + audiences);
    }
    for (Part variable : variables) {
      digests.computeIfPresent(variable.key, (key, value) -> value * 31 + variable.digest);
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

  /** One value's digest, and the string of its top-level member {@code keyMember} if it has one. */
  private record Part(long digest, String key) {}

  /**
   * Copies the value at the parser's current token, compactly, into a digest; leaves the parser on
   * the value's last token.
   */
  private static Part part(JsonParser parser, String keyMember) {
    ByteArrayOutputStream compact = new ByteArrayOutputStream(256);
    @Nullable String key = null;
    try (JsonGenerator generator = Json.STREAMS.createGenerator(compact)) {
      int depth = 0;
      @Nullable String member = null;
      JsonToken token = parser.currentToken();
      while (true) {
        if (depth == 1 && token == JsonToken.PROPERTY_NAME) {
          member = parser.currentName();
        } else if (depth == 1 && token == JsonToken.VALUE_STRING && keyMember.equals(member)) {
          key = parser.getString();
        }
        generator.copyCurrentEvent(parser);
        if (token.isStructStart()) {
          depth++;
        } else if (token.isStructEnd()) {
          depth--;
        }
        if (depth == 0) {
          break;
        }
        token = parser.nextToken();
      }
    }
    return new Part(digest(compact.toByteArray()), key == null ? "" : key);
  }

  private static long digest(byte[] bytes) {
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(bytes);
      return ByteBuffer.wrap(hash).getLong();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JVM", e);
    }
  }
}
