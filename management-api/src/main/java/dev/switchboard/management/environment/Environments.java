package dev.switchboard.management.environment;

import dev.switchboard.management.change.ConfigChanges;
import dev.switchboard.management.security.Secrets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/** Creates environments (with their keys), and rotates keys; used by projects and environments. */
@Service
public class Environments {
  private final EnvironmentRepository environments;
  private final SdkKeyRepository keys;
  private final ConfigChanges changes;
  private final Clock clock;

  Environments(
      EnvironmentRepository environments,
      SdkKeyRepository keys,
      ConfigChanges changes,
      Clock clock) {
    this.environments = environments;
    this.keys = keys;
    this.changes = changes;
    this.clock = clock;
  }

  /** Creates an environment with a server and a client key, and records its first config. */
  @Transactional(propagation = Propagation.MANDATORY)
  public Environment create(UUID projectId, String key, String name) {
    Instant now = clock.instant();
    Environment environment = environments.save(new Environment(projectId, key, name, now));
    keys.save(new SdkKey(environment.id(), SdkKey.SERVER, Secrets.generate("server-"), now));
    keys.save(new SdkKey(environment.id(), SdkKey.CLIENT, Secrets.generate("client-"), now));
    environments.flush(); // unique (project, key) violations surface here, inside this request
    changes.environmentsChanged(List.of(environment.id()));
    return environment;
  }

  public List<Environment> ofProject(UUID projectId) {
    return environments.findByProjectIdOrderByKeyAsc(projectId);
  }

  /** The ids of a project's environments: what a project-wide change affects. */
  public List<UUID> idsOf(UUID projectId) {
    return ofProject(projectId).stream().map(Environment::id).toList();
  }

  /**
   * Replaces the current key of a type; the old one keeps working for {@code gracePeriod} (zero:
   * revoked at once). The config is republished so that the old key's object goes away.
   */
  @Transactional(propagation = Propagation.MANDATORY)
  public SdkKey rotate(Environment environment, String type, Duration gracePeriod) {
    Instant now = clock.instant();
    for (SdkKey current : keys.findCurrent(environment.id(), type)) {
      current.expireAt(now.plus(gracePeriod));
    }
    SdkKey fresh = keys.save(new SdkKey(environment.id(), type, Secrets.generate(type + "-"), now));
    changes.environmentsChanged(List.of(environment.id()));
    return fresh;
  }

  public List<SdkKey> validKeys(UUID environmentId) {
    return keys.findValid(environmentId, clock.instant());
  }
}
