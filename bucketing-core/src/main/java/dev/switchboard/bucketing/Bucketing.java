package dev.switchboard.bucketing;

/** Seeds and buckets exactly as {@code docs/bucketing.md} specifies them. */
final class Bucketing {
  /** XORed into the feature seed so that rollout and distribution buckets are independent. */
  static final int ROLLOUT_SEED_MASK = 0x9E3779B9;

  /** Distribution weights are thousandths of a percent: they sum to this. */
  static final int TOTAL_WEIGHT = 100_000;

  static final double TWO_TO_32 = 4294967296.0;

  private Bucketing() {}

  static int featureSeed(String featureKey) {
    return MurmurHash3.hashUtf8(featureKey, 0);
  }

  static int rolloutSeed(int featureSeed) {
    return featureSeed ^ ROLLOUT_SEED_MASK;
  }

  /** The unsigned 32-bit hash of a bucketing value. */
  static long unsignedHash(String value, int seed) {
    return MurmurHash3.hashUtf8(value, seed) & 0xffffffffL;
  }

  /** The hash threshold below which a user is inside a rollout of {@code percentage} (0..1). */
  static double rolloutThreshold(double percentage) {
    return percentage * TWO_TO_32;
  }

  /**
   * The index in {@code cumulativeWeights} of the bucket a distribution hash falls in: the first
   * {@code i} with {@code hash * 100000 < cumulativeWeights[i] * 2^32}.
   */
  static int distributionIndex(long unsignedHash, int[] cumulativeWeights) {
    long position = unsignedHash * TOTAL_WEIGHT;
    for (int i = 0; i < cumulativeWeights.length; i++) {
      if (position < ((long) cumulativeWeights[i] << 32)) {
        return i;
      }
    }
    return cumulativeWeights.length - 1; // unreachable: the last cumulative weight is 100000
  }
}
