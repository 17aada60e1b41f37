package dev.switchboard.events.ingest;

import java.util.List;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * An SDK's batch as it arrives (docs/events.md). Everything is nullable here because the wire may
 * omit anything; {@link BatchValidator} decides what is required.
 */
record EventBatch(
    @Nullable String batchId,
    @Nullable Sdk sdk,
    @Nullable String sentAt,
    @Nullable String project,
    @Nullable String environment,
    @Nullable List<@Nullable EvaluationCount> evaluations,
    @Nullable List<@Nullable CustomEvent> custom) {

  record Sdk(@Nullable String name, @Nullable String version) {}

  record EvaluationCount(
      @Nullable String variable,
      @Nullable String feature,
      @Nullable String variation,
      @Nullable String reason,
      @Nullable String errorCode,
      @Nullable Long count,
      @Nullable String from,
      @Nullable String to) {}

  record CustomEvent(
      @Nullable String key,
      @Nullable String userId,
      @Nullable Double value,
      @Nullable JsonNode metadata,
      @Nullable String timestamp) {}

  int size() {
    return (evaluations == null ? 0 : evaluations.size()) + (custom == null ? 0 : custom.size());
  }
}
