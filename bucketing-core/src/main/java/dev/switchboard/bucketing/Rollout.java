package dev.switchboard.bucketing;

import java.time.Clock;

/** A rule's rollout: which share of its audience, by rollout bucket, the rule applies to. */
abstract class Rollout {
  /** What an unknown rollout type becomes: the rule never applies (fail closed). */
  static final Rollout NEVER =
      new Rollout() {
        @Override
        boolean includes(long rolloutHash, Clock clock) {
          return false;
        }
      };

  /** Whether a user with this unsigned rollout hash is inside the rollout now. */
  abstract boolean includes(long rolloutHash, Clock clock);

  /** {@code percentage}: a fixed share. */
  static final class Fixed extends Rollout {
    private final double threshold;

    Fixed(double percentage) {
      this.threshold = Bucketing.rolloutThreshold(percentage);
    }

    @Override
    boolean includes(long rolloutHash, Clock clock) {
      return rolloutHash < threshold;
    }
  }

  /** {@code gradual}: linear from one share to another between two instants. */
  static final class Gradual extends Rollout {
    private final long startMillis;
    private final long endMillis;
    private final double startPercentage;
    private final double endPercentage;

    Gradual(long startMillis, long endMillis, double startPercentage, double endPercentage) {
      this.startMillis = startMillis;
      this.endMillis = endMillis;
      this.startPercentage = startPercentage;
      this.endPercentage = endPercentage;
    }

    double percentageAt(long now) {
      if (now < startMillis) {
        return 0;
      }
      if (now >= endMillis) {
        return endPercentage;
      }
      return startPercentage
          + (endPercentage - startPercentage)
              * (double) (now - startMillis)
              / (double) (endMillis - startMillis);
    }

    @Override
    boolean includes(long rolloutHash, Clock clock) {
      return rolloutHash < Bucketing.rolloutThreshold(percentageAt(clock.millis()));
    }
  }

  /** {@code schedule}: steps of fixed shares from given instants on. */
  static final class Schedule extends Rollout {
    private final long[] stepMillis; // strictly increasing
    private final double[] stepPercentages;

    Schedule(long[] stepMillis, double[] stepPercentages) {
      this.stepMillis = stepMillis;
      this.stepPercentages = stepPercentages;
    }

    double percentageAt(long now) {
      double percentage = 0;
      for (int i = 0; i < stepMillis.length && stepMillis[i] <= now; i++) {
        percentage = stepPercentages[i];
      }
      return percentage;
    }

    @Override
    boolean includes(long rolloutHash, Clock clock) {
      return rolloutHash < Bucketing.rolloutThreshold(percentageAt(clock.millis()));
    }
  }
}
