package dev.switchboard.management.change;

import dev.switchboard.management.environment.Environments;
import dev.switchboard.management.environment.SdkKey;
import dev.switchboard.management.web.ApiException;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.transaction.annotation.Isolation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.node.ObjectNode;

/**
 * For config-service (service token): one environment's full state at one {@code configVersion},
 * read in one repeatable-read transaction, so the document and the keys belong together.
 */
@RestController
class SnapshotController {
  private final ConfigDocuments documents;
  private final Environments environments;

  SnapshotController(ConfigDocuments documents, Environments environments) {
    this.documents = documents;
    this.environments = environments;
  }

  record KeyView(String type, String key, @Nullable Instant expiresAt) {}

  /**
   * @param configVersion the version of {@code document}
   * @param keys the SDK keys that work now (rotated ones until they expire)
   * @param document the server config document (docs/config-format.md)
   */
  record Snapshot(
      String environmentId, long configVersion, List<KeyView> keys, ObjectNode document) {}

  @GetMapping("/internal/v1/environments/{environmentId}/snapshot")
  @Transactional(readOnly = true, isolation = Isolation.REPEATABLE_READ)
  Snapshot snapshot(@PathVariable UUID environmentId) {
    ObjectNode document = documents.build(environmentId);
    if (document == null) {
      throw ApiException.notFound("environment " + environmentId);
    }
    List<KeyView> keys =
        environments.validKeys(environmentId).stream()
            .map((SdkKey key) -> new KeyView(key.type(), key.key(), key.expiresAt()))
            .toList();
    return new Snapshot(
        environmentId.toString(), document.get("version").longValue(), keys, document);
  }
}
