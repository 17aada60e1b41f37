package dev.switchboard.events.ingest;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * The record on {@code switchboard.events} (key: environment id): a validated batch, its evaluation
 * counts already summed per variable, variation, reason and minute, ready to roll up.
 *
 * @param schemaVersion 1; a consumer skips (and counts) versions it does not know
 * @param keyType the SDK key type that sent it: {@code server} or {@code client}
 * @param evaluations counts of the environment's known variables
 * @param unknownVariables counts of variables the environment's project does not have
 * @param custom the custom events as sent
 */
public record IngestedBatch(
    int schemaVersion,
    UUID environmentId,
    String batchId,
    Instant receivedAt,
    String keyType,
    List<Evaluation> evaluations,
    List<UnknownVariable> unknownVariables,
    List<Custom> custom) {
  public static final int SCHEMA_VERSION = 1;

  /**
   * {@code variation} null: the caller's default was served (reason ERROR, usually). {@code
   * minute}: the start of the minute, in seconds since the epoch (cheaper to read than ISO text).
   */
  public record Evaluation(
      String variable, @Nullable String variation, String reason, long minute, long count) {}

  public record UnknownVariable(String variable, long minute, long count) {}

  public record Custom(
      String key,
      @Nullable String userId,
      @Nullable Double value,
      @Nullable JsonNode metadata,
      Instant timestamp) {}
}
