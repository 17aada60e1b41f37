/**
 * The OpenFeature provider for Switchboard: {@link
 * dev.switchboard.sdk.openfeature.SwitchboardProvider}. Needs {@code dev.openfeature:sdk} on the
 * classpath, which the SDK declares optional.
 */
@NullMarked
package dev.switchboard.sdk.openfeature;

import org.jspecify.annotations.NullMarked;
