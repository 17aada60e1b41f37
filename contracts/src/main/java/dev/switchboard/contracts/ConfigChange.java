package dev.switchboard.contracts;

import java.time.Instant;

/**
 * An environment's flag data changed and is now at {@code configVersion}. Delivered at least once,
 * in order per environment (the record key is {@code environmentId}); consumers de-duplicate by
 * ignoring versions they have already seen.
 *
 * @param environmentId the environment's id (a UUID), also the Kafka record key
 * @param projectKey the project's key
 * @param environmentKey the environment's key
 * @param configVersion the environment's config version after the change; strictly increasing
 * @param changedAt when the change committed
 */
public record ConfigChange(
    String environmentId,
    String projectKey,
    String environmentKey,
    long configVersion,
    Instant changedAt) {}
