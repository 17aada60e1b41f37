package dev.switchboard.bucketing;

/** Why an evaluation produced its value; the names are OpenFeature's resolution reasons. */
public enum Reason {
  /** A targeting rule that serves one variation applied; the result carries the rule id. */
  TARGETING_MATCH,
  /**
   * A targeting rule that serves a weighted distribution applied; the result carries the rule id.
   */
  SPLIT,
  /** No rule applied: the caller's default value. */
  DEFAULT,
  /** The feature is off: its off variation, or the caller's default when it has none. */
  DISABLED,
  /** The evaluation failed; the result carries an {@link ErrorCode} and the caller's default. */
  ERROR
}
