package dev.switchboard.sdk;

import java.util.Set;

/**
 * A new config document was loaded.
 *
 * @param previousVersion the version the client held before, or {@code -1} for the first config
 * @param version the version now in use
 * @param changedFeatures keys of features whose definition differs between the two documents
 *     (added, removed or changed); every feature for the first config
 * @param changedVariables keys of the variables of those features, in either document
 */
public record ConfigChangeEvent(
    long previousVersion,
    long version,
    Set<String> changedFeatures,
    Set<String> changedVariables) {}
