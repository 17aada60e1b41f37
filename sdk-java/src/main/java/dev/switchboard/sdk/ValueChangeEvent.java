package dev.switchboard.sdk;

import dev.switchboard.bucketing.User;
import org.jspecify.annotations.Nullable;

/**
 * One variable's value changed for one user after a config update; see {@link
 * SwitchboardClient#addValueChangeListener}.
 *
 * @param user the user the listener was registered for
 * @param variableKey the variable
 * @param oldValue the value served before the update (the listener's default when none was)
 * @param newValue the value served now
 */
public record ValueChangeEvent(
    User user, String variableKey, @Nullable Object oldValue, @Nullable Object newValue) {}
