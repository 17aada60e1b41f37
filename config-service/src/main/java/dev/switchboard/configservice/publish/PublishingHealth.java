package dev.switchboard.configservice.publish;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Whether publishing works right now. Any failed refresh (store down, bucket missing,
 * management-api or broker unreachable) turns it DOWN with the cause until a refresh succeeds
 * again; every failure counts in {@code switchboard.config.failures{stage}}.
 */
@Component("publishing")
class PublishingHealth implements HealthIndicator {
  private final Clock clock;
  private final Map<PublishException.Stage, Counter> failures =
      new EnumMap<>(PublishException.Stage.class);
  private final AtomicInteger consecutiveFailures = new AtomicInteger();
  private volatile @Nullable PublishException lastFailure;
  private volatile @Nullable Instant failingSince;
  private volatile @Nullable Instant lastSuccess;

  PublishingHealth(Clock clock, MeterRegistry meters) {
    this.clock = clock;
    for (PublishException.Stage stage : PublishException.Stage.values()) {
      failures.put(
          stage,
          Counter.builder("switchboard.config.failures")
              .description("Failed refresh attempts (each is retried with backoff)")
              .tag("stage", stage.tag())
              .register(meters));
    }
    Gauge.builder("switchboard.config.failing", consecutiveFailures, AtomicInteger::get)
        .description("Refresh attempts that failed in a row (0 when publishing works)")
        .register(meters);
  }

  void succeeded() {
    consecutiveFailures.set(0);
    failingSince = null;
    lastFailure = null;
    lastSuccess = clock.instant();
  }

  void failed(PublishException failure) {
    failures.get(failure.stage()).increment();
    if (consecutiveFailures.getAndIncrement() == 0) {
      failingSince = clock.instant();
    }
    lastFailure = failure;
  }

  boolean isFailing() {
    return consecutiveFailures.get() > 0;
  }

  @Override
  public Health health() {
    PublishException failure = lastFailure;
    Instant success = lastSuccess;
    Health.Builder health = failure == null ? Health.up() : Health.down();
    if (success != null) {
      health.withDetail("lastSuccess", success.toString());
    }
    if (failure != null) {
      health
          .withDetail("stage", failure.stage().tag())
          .withDetail("error", String.valueOf(failure.getMessage()))
          .withDetail("cause", String.valueOf(rootCause(failure).getMessage()))
          .withDetail("consecutiveFailures", consecutiveFailures.get())
          .withDetail("failingSince", String.valueOf(failingSince));
    }
    return health.build();
  }

  private static Throwable rootCause(Throwable failure) {
    Throwable cause = failure;
    while (cause.getCause() != null && cause.getCause() != cause) {
      cause = cause.getCause();
    }
    return cause;
  }
}
