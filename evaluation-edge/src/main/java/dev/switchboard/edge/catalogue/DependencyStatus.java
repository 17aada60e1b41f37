package dev.switchboard.edge.catalogue;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * The last known state of what the edge depends on (Kafka, Redis, the object store), written by
 * whoever used or probed it last; read by the readiness indicator.
 */
public final class DependencyStatus {
  /** The dependencies. */
  public enum Dependency {
    KAFKA,
    REDIS,
    OBJECT_STORE
  }

  /**
   * One dependency's state.
   *
   * @param up whether the last use or probe succeeded
   * @param since when it entered this state
   * @param error the last failure, if down
   */
  public record State(boolean up, Instant since, @Nullable String error) {}

  private final Clock clock;
  private final Map<Dependency, State> states = new ConcurrentHashMap<>();

  public DependencyStatus(Clock clock) {
    this.clock = clock;
  }

  /**
   * Records a success.
   *
   * @return whether the dependency was known to be down until now
   */
  public boolean up(Dependency dependency) {
    boolean[] recovered = {false};
    states.compute(
        dependency,
        (key, old) -> {
          if (old != null && old.up()) {
            return old;
          }
          recovered[0] = old != null;
          return new State(true, clock.instant(), null);
        });
    return recovered[0];
  }

  public void down(Dependency dependency, Throwable error) {
    String message = error.getClass().getSimpleName() + ": " + error.getMessage();
    states.compute(
        dependency,
        (key, old) ->
            new State(false, old != null && !old.up() ? old.since() : clock.instant(), message));
  }

  /** The state, or {@code null} before first use. */
  public @Nullable State state(Dependency dependency) {
    return states.get(dependency);
  }

  /** Whether any dependency is known to be down. */
  public boolean anyDown() {
    for (State state : states.values()) {
      if (!state.up()) {
        return true;
      }
    }
    return false;
  }
}
