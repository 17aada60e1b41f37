package dev.switchboard.configservice.publish;

import dev.switchboard.contracts.ConfigPublished;
import dev.switchboard.contracts.ConfigPublished.PublishedKey;
import java.time.Clock;
import java.time.Instant;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Rotated keys stop working at their {@code expiresAt} without a new config version. Every {@code
 * key-sweep-interval} this finds published documents that still list an expired key and refreshes
 * their environment: the expired key's object is deleted and the shorter key list announced. A
 * failed refresh is counted and retried at the next sweep.
 */
@Component
class KeyExpirySweep {
  private static final Logger log = LoggerFactory.getLogger(KeyExpirySweep.class);

  private final Catalogue catalogue;
  private final Publisher publisher;
  private final Clock clock;

  KeyExpirySweep(Catalogue catalogue, Publisher publisher, Clock clock) {
    this.catalogue = catalogue;
    this.publisher = publisher;
    this.clock = clock;
  }

  @Scheduled(
      fixedDelayString = "${switchboard.config-service.key-sweep-interval:5s}",
      initialDelayString = "${switchboard.config-service.key-sweep-interval:5s}")
  void sweep() {
    if (!catalogue.isLoaded()) {
      return;
    }
    Instant now = clock.instant();
    Set<String> environments = new TreeSet<>();
    for (ConfigPublished published : catalogue.all()) {
      for (PublishedKey key : published.keys()) {
        if (key.expiresAt() != null && !key.expiresAt().isAfter(now)) {
          environments.add(published.environmentId());
        }
      }
    }
    for (String environmentId : environments) {
      try {
        publisher.refresh(environmentId, Trigger.keyCheck());
      } catch (PublishException e) {
        log.warn(
            "expired keys of {} not removed yet, retried next sweep: {}",
            environmentId,
            e.getMessage());
      }
    }
  }
}
