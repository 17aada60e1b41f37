package dev.switchboard.events;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings under {@code switchboard.events}; every one has a default that works locally.
 *
 * @param managementApiUrl where management-api answers {@code /internal/v1/sdk-keys/{key}}
 * @param serviceToken presented to management-api, and required on this service's {@code
 *     /internal/} report endpoints (empty: internal endpoints refuse everyone)
 * @param maxBatchBytes larger bodies (after gzip decompression) get 413
 * @param maxEventsPerBatch evaluation counts plus custom events; more get 413
 * @param maxEventAge timestamps older than this get 400 (late data the rollups still take)
 * @param maxClockSkew timestamps further than this in the future get 400
 * @param keyCacheTtl how long a key lookup is trusted (a revoked key works this much longer)
 * @param unknownKeyCacheTtl how long an unknown key stays unknown without asking again
 * @param dedupTtl how long Redis remembers an accepted batch id
 * @param processedBatchRetention how long Postgres remembers processed batch ids (the authoritative
 *     de-duplication); a retry later than this would be counted again
 * @param minuteRetention per-minute rollups older than this are deleted (day rollups are kept)
 * @param sendTimeout how long a request waits for Kafka's acknowledgement before 503
 * @param topicPartitions partitions of {@code switchboard.events} when this service creates it
 * @param redisBackoff after a Redis failure, ingest skips Redis for this long
 */
@ConfigurationProperties("switchboard.events")
public record EventsProperties(
    @DefaultValue("http://localhost:8081") String managementApiUrl,
    @DefaultValue("") String serviceToken,
    @DefaultValue("2097152") int maxBatchBytes,
    @DefaultValue("10000") int maxEventsPerBatch,
    @DefaultValue("7d") Duration maxEventAge,
    @DefaultValue("5m") Duration maxClockSkew,
    @DefaultValue("30s") Duration keyCacheTtl,
    @DefaultValue("5s") Duration unknownKeyCacheTtl,
    @DefaultValue("24h") Duration dedupTtl,
    @DefaultValue("8d") Duration processedBatchRetention,
    @DefaultValue("14d") Duration minuteRetention,
    @DefaultValue("5s") Duration sendTimeout,
    @DefaultValue("6") int topicPartitions,
    @DefaultValue("5s") Duration redisBackoff) {}
