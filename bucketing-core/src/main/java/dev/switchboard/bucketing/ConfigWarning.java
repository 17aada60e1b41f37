package dev.switchboard.bucketing;

/**
 * Something in an accepted config document that evaluation cannot use, such as an unknown operator.
 * The filter or rollout it names fails closed: it never matches.
 *
 * @param pointer JSON Pointer (RFC 6901) of the node
 * @param message what is wrong with it
 */
public record ConfigWarning(String pointer, String message) {}
