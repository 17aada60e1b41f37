package dev.switchboard.configservice.admin;

import dev.switchboard.configservice.publish.Outcome;
import dev.switchboard.configservice.publish.PublishException;
import dev.switchboard.configservice.publish.Publisher;
import dev.switchboard.configservice.publish.Trigger;
import dev.switchboard.configservice.snapshot.ManagementApi;
import dev.switchboard.configservice.snapshot.ManagementApiException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Rebuilds every environment: those management-api lists, and those that are published but no
 * longer exist (they are unpublished). One rebuild runs at a time.
 */
@Service
class Rebuilds {
  private static final Logger log = LoggerFactory.getLogger(Rebuilds.class);

  private final ManagementApi management;
  private final Publisher publisher;
  private final AtomicBoolean running = new AtomicBoolean();
  private final Counter rebuilds;

  Rebuilds(ManagementApi management, Publisher publisher, MeterRegistry meters) {
    this.management = management;
    this.publisher = publisher;
    this.rebuilds =
        Counter.builder("switchboard.config.rebuilds")
            .description("Rebuilds of every environment")
            .register(meters);
  }

  /**
   * @param environments how many environments were looked at
   * @param outcomes how many ended how
   * @param failed the environments that could not be rebuilt, with the reason
   */
  record Result(int environments, Map<Outcome, Integer> outcomes, List<Failure> failed) {}

  record Failure(String environmentId, String error) {}

  /**
   * Rebuilds everything now.
   *
   * @throws RebuildRunningException when another rebuild is running
   * @throws ManagementApiException when the environment list cannot be read
   */
  Result rebuildAll() {
    if (!running.compareAndSet(false, true)) {
      throw new RebuildRunningException();
    }
    try {
      rebuilds.increment();
      Set<String> environments = new LinkedHashSet<>(management.environmentIds());
      environments.addAll(publisher.publishedEnvironmentIds());
      Map<Outcome, Integer> outcomes = new EnumMap<>(Outcome.class);
      List<Failure> failed = new ArrayList<>();
      for (String environmentId : environments) {
        try {
          outcomes.merge(publisher.refresh(environmentId, Trigger.rebuild()), 1, Integer::sum);
        } catch (PublishException e) {
          failed.add(new Failure(environmentId, e.getMessage()));
        }
      }
      log.info(
          "rebuilt {} environments: {}, {} failed", environments.size(), outcomes, failed.size());
      return new Result(environments.size(), outcomes, failed);
    } finally {
      running.set(false);
    }
  }

  /** Another rebuild is running. */
  static final class RebuildRunningException extends RuntimeException {
    RebuildRunningException() {
      super("a rebuild is already running");
    }
  }
}
