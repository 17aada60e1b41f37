package dev.switchboard.edge.catalogue;

import dev.switchboard.bucketing.Config;
import dev.switchboard.bucketing.Evaluator;
import dev.switchboard.contracts.SdkType;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

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
 * @param updateFrame the SSE {@code config-updated} frame announcing this version (with the
 *     document when it is small), encoded once
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

  /**
   * The largest document a {@code config-updated} event carries itself (docs/sse.md): a client then
   * applies it without downloading it, which halves the edge's work per change and saves every
   * client a round trip; larger documents are downloaded (and cached by a CDN) as before.
   */
  static final int INLINE_DOCUMENT_BYTES = 16 * 1024;

  /** The SSE frame of a {@code config-updated} event without the document (docs/sse.md). */
  public static byte[] updateFrame(long version, String etag) {
    return updateFrame(version, etag, null);
  }

  /**
   * The SSE frame of a {@code config-updated} event (docs/sse.md), carrying {@code document} when
   * it is at most {@link #INLINE_DOCUMENT_BYTES} and on one line (compact JSON always is).
   */
  static byte[] updateFrame(long version, String etag, byte @Nullable [] document) {
    byte[] head =
        ("event: config-updated\nid: "
                + version
                + "\ndata: {\"version\":"
                + version
                + ",\"etag\":\""
                + jsonEscape(etag)
                + "\"")
            .getBytes(StandardCharsets.UTF_8);
    byte[] tail = "}\n\n".getBytes(StandardCharsets.UTF_8);
    if (document == null || document.length > INLINE_DOCUMENT_BYTES || !oneLine(document)) {
      return concat(head, tail);
    }
    return concat(head, ",\"document\":".getBytes(StandardCharsets.UTF_8), document, tail);
  }

  private static boolean oneLine(byte[] json) {
    for (byte b : json) {
      if (b == '\n' || b == '\r') {
        return false;
      }
    }
    return true;
  }

  private static byte[] concat(byte[]... parts) {
    int length = 0;
    for (byte[] part : parts) {
      length += part.length;
    }
    byte[] all = new byte[length];
    int at = 0;
    for (byte[] part : parts) {
      System.arraycopy(part, 0, all, at, part.length);
      at += part.length;
    }
    return all;
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
