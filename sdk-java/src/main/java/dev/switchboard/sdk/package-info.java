/**
 * Switchboard's Java server SDK: flags evaluated in-process with {@code bucketing-core}, config
 * kept current over a server-sent-event stream (with polling as a fallback), evaluation counts and
 * custom events sent to events-api in batches.
 *
 * <p>Start with {@link dev.switchboard.sdk.SwitchboardClient#builder(String)}. Users are {@link
 * dev.switchboard.bucketing.User}s and results {@link dev.switchboard.bucketing.Evaluation}s from
 * {@code bucketing-core}. The OpenFeature provider is in {@code dev.switchboard.sdk.openfeature};
 * {@link dev.switchboard.sdk.TestData} serves flag values to users' own tests with no server.
 */
@NullMarked
package dev.switchboard.sdk;

import org.jspecify.annotations.NullMarked;
