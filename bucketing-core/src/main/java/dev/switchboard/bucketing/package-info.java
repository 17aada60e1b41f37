/**
 * Switchboard's evaluation engine, shared by every SDK and service that evaluates flags.
 *
 * <p>Load a config document once with {@link dev.switchboard.bucketing.Config#parse(byte[])}, then
 * evaluate variables and features for users with an {@link dev.switchboard.bucketing.Evaluator}.
 * Loading validates and preprocesses the document so that evaluation only reads immutable,
 * precomputed data: it never throws, never blocks and, on the common paths, allocates nothing.
 *
 * <p>The document format is described in {@code docs/config-format.md} and the hashing in {@code
 * docs/bucketing.md}.
 */
@NullMarked
package dev.switchboard.bucketing;

import org.jspecify.annotations.NullMarked;
