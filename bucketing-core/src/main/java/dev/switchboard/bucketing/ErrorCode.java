package dev.switchboard.bucketing;

/** Why an evaluation failed; the names are OpenFeature's error codes. */
public enum ErrorCode {
  /** The variable (or feature) is not in the config. */
  FLAG_NOT_FOUND,
  /** The variable's type is not the type the caller asked for. */
  TYPE_MISMATCH,
  /** No valid config is loaded (the document was rejected). */
  PARSE_ERROR,
  /** The evaluator is not ready, for example before the first config arrives. */
  PROVIDER_NOT_READY,
  /** An unexpected failure; reported once per cause. */
  GENERAL
}
