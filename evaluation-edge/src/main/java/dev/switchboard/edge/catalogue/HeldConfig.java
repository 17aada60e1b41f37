package dev.switchboard.edge.catalogue;

import dev.switchboard.bucketing.Config;
import dev.switchboard.bucketing.Evaluator;
import dev.switchboard.contracts.SdkType;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * One config document held in memory (L1): the bytes to serve (identity and gzip) and the parsed
 * model to evaluate with. Immutable; a new version replaces the whole object.
 *
 * @param recordKey the catalogue entry ({@code environmentId:type})
 * @param environmentId the environment
 * @param projectKey the project's key
 * @param environmentKey the environment's key
 * @param type server or client document
 * @param version the document's version
 * @param etag the document's ETag, without quotes
 * @param quotedEtag {@code "<etag>"} as HTTP sends it
 * @param identity the JSON document
 * @param gzip the same, gzip-compressed
 * @param evaluator bucketing-core over the parsed document
 * @param updateFrame the SSE {@code config-updated} frame announcing this version, encoded once
 * @param announcedAt when config-service published it (for delivery latency)
 */
public record HeldConfig(
    String recordKey,
    String environmentId,
    String projectKey,
    String environmentKey,
    SdkType type,
    long version,
    String etag,
    String quotedEtag,
    byte[] identity,
    byte[] gzip,
    Evaluator evaluator,
    byte[] updateFrame,
    Instant announcedAt) {

  /** The parsed document. */
  public Config config() {
    return java.util.Objects.requireNonNull(evaluator.config());
  }

  /** The SSE frame of a {@code config-updated} event (docs/sse.md). */
  static byte[] updateFrame(long version, String etag) {
    return ("event: config-updated\nid: "
            + version
            + "\ndata: {\"version\":"
            + version
            + ",\"etag\":\""
            + jsonEscape(etag)
            + "\"}\n\n")
        .getBytes(StandardCharsets.UTF_8);
  }

  private static String jsonEscape(String value) {
    StringBuilder out = new StringBuilder(value.length());
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '"' || c == '\\') {
        out.append('\\').append(c);
      } else if (c < 0x20) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }
}
