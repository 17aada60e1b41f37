package dev.switchboard.management.change;

import dev.switchboard.management.environment.Environments;
import dev.switchboard.management.environment.SdkKey;
import dev.switchboard.management.web.ApiException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.annotation.Isolation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * For config-service (service token): one environment's full state at one {@code configVersion},
 * read in one repeatable-read transaction, so the document and the keys belong together.
 *
 * <p>The answer is {@code {environmentId, configVersion, keys, document}}. The document is the
 * serialized one the write of that version built and validated ({@link CommittedDocuments}) when
 * this instance still holds it, otherwise it is built here, in this transaction, and held for the
 * next call (docs/decisions/0011).
 */
@RestController
class SnapshotController {
  private static final byte[] DOCUMENT_MEMBER =
      ",\"document\":".getBytes(StandardCharsets.US_ASCII);

  private final ConfigDocuments documents;
  private final CommittedDocuments committed;
  private final Environments environments;
  private final JsonMapper json;
  private final Counter held;
  private final Counter built;

  SnapshotController(
      ConfigDocuments documents,
      CommittedDocuments committed,
      Environments environments,
      JsonMapper json,
      MeterRegistry meters) {
    this.documents = documents;
    this.committed = committed;
    this.environments = environments;
    this.json = json;
    this.held =
        Counter.builder("switchboard.snapshot.documents")
            .description("Snapshots served, by where their document came from")
            .tag("source", "held")
            .register(meters);
    this.built =
        Counter.builder("switchboard.snapshot.documents")
            .description("Snapshots served, by where their document came from")
            .tag("source", "built")
            .register(meters);
  }

  record KeyView(String type, String key, @Nullable Instant expiresAt) {}

  /** Everything of the snapshot but its document, which is appended as raw bytes. */
  record SnapshotHead(String environmentId, long configVersion, List<KeyView> keys) {}

  @GetMapping("/internal/v1/environments/{environmentId}/snapshot")
  @ApiResponse(
      responseCode = "200",
      description = "{environmentId, configVersion, keys, document} (docs/config-service.md)",
      content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE))
  @Transactional(readOnly = true, isolation = Isolation.REPEATABLE_READ)
  ResponseEntity<byte[]> snapshot(@PathVariable UUID environmentId) {
    Long version = documents.currentVersion(environmentId);
    if (version == null) {
      throw ApiException.notFound("environment " + environmentId);
    }
    byte[] document = committed.get(environmentId, version);
    if (document == null) {
      document = build(environmentId, version);
      built.increment();
    } else {
      held.increment();
    }
    List<KeyView> keys =
        environments.validKeys(environmentId).stream()
            .map((SdkKey key) -> new KeyView(key.type(), key.key(), key.expiresAt()))
            .toList();
    return ResponseEntity.ok()
        .contentType(MediaType.APPLICATION_JSON)
        .body(
            withDocument(
                json.writeValueAsBytes(new SnapshotHead(environmentId.toString(), version, keys)),
                document));
  }

  /**
   * The document as the write of {@code version} serialized it (the same mapper, the same tree),
   * read in this transaction. It is committed data (this transaction sees nothing else), so it can
   * be held for later calls at once.
   */
  private byte[] build(UUID environmentId, long version) {
    ObjectNode tree = documents.build(environmentId);
    if (tree == null) {
      throw ApiException.notFound("environment " + environmentId); // not after the version read
    }
    byte[] document = json.writeValueAsBytes(tree);
    committed.put(environmentId, version, document);
    return document;
  }

  /** {@code head} (a JSON object) with the member {@code "document": document} appended. */
  private static byte[] withDocument(byte[] head, byte[] document) {
    int end = head.length - 1; // the head's closing brace
    while (head[end] != '}') {
      end--;
    }
    byte[] body = new byte[end + DOCUMENT_MEMBER.length + document.length + 1];
    System.arraycopy(head, 0, body, 0, end);
    System.arraycopy(DOCUMENT_MEMBER, 0, body, end, DOCUMENT_MEMBER.length);
    System.arraycopy(document, 0, body, end + DOCUMENT_MEMBER.length, document.length);
    body[body.length - 1] = '}';
    return body;
  }
}
