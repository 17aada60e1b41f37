package dev.switchboard.contracts;

/** Kafka topics shared between services. */
public final class Topics {
  /**
   * One {@link ConfigChange} per committed change to an environment's flag data, keyed by
   * environment id, published by management-api's outbox relay, consumed by config-service.
   */
  public static final String CONFIG_CHANGES = "switchboard.config-changes";

  /** Compacted: the newest published config per environment and SDK type. */
  public static final String CONFIG_PUBLISHED = "switchboard.config-published";

  /** SDK evaluation and custom events, after ingestion. */
  public static final String EVENTS = "switchboard.events";

  private Topics() {}
}
