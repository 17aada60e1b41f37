package dev.switchboard.bucketing;

/** The type of a variable's values. */
public enum VariableType {
  /** {@link Boolean}. */
  BOOLEAN("boolean"),
  /** {@link String}. */
  STRING("string"),
  /** {@link Double}. */
  NUMBER("number"),
  /**
   * Any JSON value, as plain immutable Java: {@code Map<String, Object>}, {@code List<Object>},
   * {@link String}, {@link Long} or {@link Double}, {@link Boolean}, or {@code null} inside
   * containers.
   */
  JSON("json");

  private final String wireName;

  VariableType(String wireName) {
    this.wireName = wireName;
  }

  /** The name used in the config document ({@code "boolean"}, {@code "string"}, ...). */
  public String wireName() {
    return wireName;
  }

  static VariableType fromWireName(String name) {
    for (VariableType type : values()) {
      if (type.wireName.equals(name)) {
        return type;
      }
    }
    return null;
  }
}
