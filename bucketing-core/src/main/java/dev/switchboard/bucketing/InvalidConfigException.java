package dev.switchboard.bucketing;

/** A config document was rejected; nothing of it is used. */
public final class InvalidConfigException extends Exception {
  private static final long serialVersionUID = 1L;

  private final String pointer;
  private final String reason;

  InvalidConfigException(String pointer, String reason) {
    super((pointer.isEmpty() ? "document" : pointer) + ": " + reason);
    this.pointer = pointer;
    this.reason = reason;
  }

  /** JSON Pointer (RFC 6901) of the node at fault; empty for the whole document. */
  public String pointer() {
    return pointer;
  }

  /** What is wrong, without the pointer. */
  public String reason() {
    return reason;
  }
}
