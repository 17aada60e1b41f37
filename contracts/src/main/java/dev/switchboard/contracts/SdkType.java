package dev.switchboard.contracts;

/** The two kinds of config document and SDK key per environment. */
public enum SdkType {
  /** Server SDKs: the full document, read with the secret server key. */
  SERVER("server"),
  /** Client apps: only client-visible features, evaluated at the edge, never served raw. */
  CLIENT("client");

  private final String wireName;

  SdkType(String wireName) {
    this.wireName = wireName;
  }

  /** The lower-case name used in object keys, topic record keys and JSON ({@code server}). */
  public String wireName() {
    return wireName;
  }

  /** The type for a wire name, or {@code IllegalArgumentException}. */
  public static SdkType fromWireName(String wireName) {
    for (SdkType type : values()) {
      if (type.wireName.equals(wireName)) {
        return type;
      }
    }
    throw new IllegalArgumentException("unknown SDK type: " + wireName);
  }
}
