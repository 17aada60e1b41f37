package dev.switchboard.management.web;

/**
 * The one key syntax of the API (projects, environments, features, variables, variations,
 * audiences), the same as the config document's: docs/config-format.md.
 */
public final class Keys {
  /** For {@code @Pattern(regexp = Keys.PATTERN)}. */
  public static final String PATTERN = "[a-z0-9][a-z0-9._-]{0,99}";

  private Keys() {}
}
