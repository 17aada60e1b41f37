package dev.switchboard.events.keys;

import dev.switchboard.contracts.SdkType;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * What management-api says about an SDK key: the environment it belongs to, its type, and the
 * variable keys of the project's live features (evaluations of other variables are counted apart).
 */
public record SdkKey(
    UUID environmentId,
    String projectKey,
    String environmentKey,
    SdkType type,
    Set<String> variables,
    @Nullable Instant expiresAt) {}
