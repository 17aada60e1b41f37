package dev.switchboard.management.security;

import com.fasterxml.jackson.annotation.JsonValue;

/** What a token may do, each role including the ones before it. */
public enum Role {
  /** Read everything in scope. */
  VIEWER,
  /** Also change features, targeting, audiences, environments and keys in scope. */
  EDITOR,
  /** Also delete projects and manage API tokens. */
  ADMIN;

  @JsonValue
  public String wireName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  public static Role fromWireName(String name) {
    for (Role role : values()) {
      if (role.wireName().equals(name)) {
        return role;
      }
    }
    throw new IllegalArgumentException("unknown role " + name);
  }

  boolean includes(Role other) {
    return compareTo(other) >= 0;
  }
}
