package dev.switchboard.configservice.publish;

/** What one refresh of an environment did. */
public enum Outcome {
  /** At least one document or key list was written and announced. */
  PUBLISHED,
  /** A rebuild wrote the objects again with the bytes already announced (nothing to announce). */
  REWRITTEN,
  /** Everything was already published at this version (or a newer one); nothing was written. */
  UNCHANGED,
  /** The environment is gone: its objects were deleted and tombstones announced. */
  REMOVED,
  /** The environment is gone and nothing of it was published. */
  ABSENT
}
