package dev.switchboard.management.targeting;

import java.time.Clock;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/** Targeting rows for other packages: a new feature starts off, with no rules, everywhere. */
@Service
public class Targetings {
  private final TargetingRepository targetings;
  private final Clock clock;

  Targetings(TargetingRepository targetings, Clock clock) {
    this.targetings = targetings;
    this.clock = clock;
  }

  @Transactional(propagation = Propagation.MANDATORY)
  public void createOff(UUID featureId, UUID environmentId) {
    targetings.save(new Targeting(featureId, environmentId, clock.instant()));
  }
}
