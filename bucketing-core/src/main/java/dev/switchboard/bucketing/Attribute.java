package dev.switchboard.bucketing;

import org.jspecify.annotations.Nullable;

/** A reference to a user attribute, resolved once at load: a built-in field or a custom key. */
final class Attribute {
  static final int CUSTOM = -1;
  static final int ID = 0;
  static final int EMAIL = 1;
  static final int NAME = 2;
  static final int COUNTRY = 3;
  static final int PLATFORM = 4;
  static final int PLATFORM_VERSION = 5;
  static final int APP_VERSION = 6;

  static final Attribute USER_ID = new Attribute("id", ID);

  final String name;
  private final int builtIn;

  private Attribute(String name, int builtIn) {
    this.name = name;
    this.builtIn = builtIn;
  }

  static Attribute named(String name) {
    switch (name) {
      case "id":
        return USER_ID;
      case "email":
        return new Attribute(name, EMAIL);
      case "name":
        return new Attribute(name, NAME);
      case "country":
        return new Attribute(name, COUNTRY);
      case "platform":
        return new Attribute(name, PLATFORM);
      case "platformVersion":
        return new Attribute(name, PLATFORM_VERSION);
      case "appVersion":
        return new Attribute(name, APP_VERSION);
      default:
        return new Attribute(name, CUSTOM);
    }
  }

  /** The user's value of this attribute: a String, Double or Boolean, or null when absent. */
  @Nullable Object valueOf(User user) {
    return builtIn == CUSTOM ? user.custom().get(name) : user.builtIn(builtIn);
  }
}
