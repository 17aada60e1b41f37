package dev.switchboard.configservice.publish;

import java.util.Locale;

/** A refresh failed at one stage; the caller retries it with backoff. */
public class PublishException extends RuntimeException {
  /** Where a refresh failed; the {@code stage} tag of {@code switchboard.config.failures}. */
  public enum Stage {
    /** management-api's snapshot could not be read. */
    SNAPSHOT,
    /** bucketing-core rejected the document. */
    BUILD,
    /** the object store failed. */
    STORE,
    /** the broker did not acknowledge the announcement. */
    ANNOUNCE;

    String tag() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  private final Stage stage;

  PublishException(Stage stage, String message, Throwable cause) {
    super(stage.tag() + ": " + message, cause);
    this.stage = stage;
  }

  public Stage stage() {
    return stage;
  }
}
