package dev.switchboard.events.ingest;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/** Ingest meters: what was accepted, rejected (per problem type), de-duplicated, and how fast. */
@Component
class IngestMetrics {
  private final MeterRegistry registry;
  private final Counter acceptedBatches;
  private final Counter acceptedEvaluations;
  private final Counter acceptedCustom;
  private final Counter unknownVariables;
  private final Counter deduplicated;
  private final Timer accept;
  private final Map<String, Counter> rejected = new ConcurrentHashMap<>();

  IngestMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.acceptedBatches =
        Counter.builder("switchboard.events.batches.accepted")
            .description("batches answered 202 after Kafka acknowledged them (not duplicates)")
            .register(registry);
    this.acceptedEvaluations =
        Counter.builder("switchboard.events.accepted")
            .description("evaluation counts and custom events in accepted batches")
            .tag("kind", "evaluation")
            .register(registry);
    this.acceptedCustom =
        Counter.builder("switchboard.events.accepted").tag("kind", "custom").register(registry);
    this.unknownVariables =
        Counter.builder("switchboard.events.unknown.variables")
            .description("evaluation counts of variables the environment's project does not have")
            .register(registry);
    this.deduplicated =
        Counter.builder("switchboard.events.batches.deduplicated")
            .description("retried batches recognised and not counted again")
            .tag("layer", "ingest")
            .register(registry);
    this.accept =
        Timer.builder("switchboard.events.accept")
            .description("time from request to 202 (includes the Kafka acknowledgement)")
            .publishPercentileHistogram()
            .register(registry);
  }

  void accepted(int evaluations, int custom, int unknown) {
    acceptedBatches.increment();
    acceptedEvaluations.increment(evaluations);
    acceptedCustom.increment(custom);
    unknownVariables.increment(unknown);
  }

  void duplicate() {
    deduplicated.increment();
  }

  void rejected(String kind) {
    rejected
        .computeIfAbsent(
            kind,
            k ->
                Counter.builder("switchboard.events.batches.rejected")
                    .description("batches refused with a problem detail, by problem type")
                    .tag("type", k)
                    .register(registry))
        .increment();
  }

  Timer acceptTimer() {
    return accept;
  }
}
