package dev.switchboard.edge.catalogue;

import dev.switchboard.edge.catalogue.DependencyStatus.Dependency;
import dev.switchboard.edge.catalogue.DependencyStatus.State;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

/**
 * Readiness of the edge: {@code OUT_OF_SERVICE} until the catalogue has been read once; then {@code
 * UP}, or {@code DEGRADED} (still HTTP 200: the edge serves what it holds) while Kafka, Redis or
 * the object store is down or an announced document is not loaded.
 */
public final class EdgeReadiness implements HealthIndicator {
  /** Serving, but not everything is current. */
  public static final Status DEGRADED = new Status("DEGRADED");

  private final Catalogue catalogue;
  private final CatalogueConsumer consumer;
  private final DependencyStatus status;

  public EdgeReadiness(Catalogue catalogue, CatalogueConsumer consumer, DependencyStatus status) {
    this.catalogue = catalogue;
    this.consumer = consumer;
    this.status = status;
  }

  @Override
  public Health health() {
    int missing = catalogue.missingCount();
    Health.Builder builder;
    if (!consumer.caughtUp()) {
      builder = Health.outOfService();
    } else if (status.anyDown() || missing > 0) {
      builder = Health.status(DEGRADED);
    } else {
      builder = Health.up();
    }
    builder
        .withDetail("catalogueRead", consumer.caughtUp())
        .withDetail("catalogueLag", consumer.lag())
        .withDetail("documentsHeld", catalogue.heldCount())
        .withDetail("documentsMissing", missing)
        .withDetail("keys", catalogue.keyCount());
    for (Dependency dependency : Dependency.values()) {
      State state = status.state(dependency);
      if (state != null) {
        builder.withDetail(
            dependency.name().toLowerCase(java.util.Locale.ROOT),
            state.up()
                ? "up since " + state.since()
                : "down since " + state.since() + ": " + state.error());
      }
    }
    return builder.build();
  }
}
