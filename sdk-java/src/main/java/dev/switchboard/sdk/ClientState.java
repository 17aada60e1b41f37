package dev.switchboard.sdk;

/** Where a {@link SwitchboardClient}'s config comes from right now. */
public enum ClientState {
  /** No config yet: evaluations return the caller's default with {@code PROVIDER_NOT_READY}. */
  INITIALIZING,
  /** A config is loaded and updates arrive (stream connected, polling only, or offline). */
  VALID,
  /**
   * The update channel is failing: the stream is down (the client polls until it comes back) or
   * polls fail. Evaluations use the last good config, if any.
   */
  STALE,
  /**
   * A permanent failure, such as an unknown or revoked server key: the client stopped trying and
   * serves the last good config, if any, or defaults.
   */
  ERROR,
  /** {@link SwitchboardClient#close()} was called. */
  CLOSED
}
