package dev.switchboard.sdk;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A change of a client's {@link ClientState}, or a problem worth knowing about in the same state (a
 * downloaded config document was rejected and the last good one kept).
 *
 * @param state the client's state after the event
 * @param previousState the state before it (equal to {@code state} for a problem report)
 * @param message what happened, for logs and operators; {@code null} for a plain recovery
 * @param configRejected whether this event reports a rejected config document
 * @param at when it happened
 */
public record StatusEvent(
    ClientState state,
    ClientState previousState,
    @Nullable String message,
    boolean configRejected,
    Instant at) {}
