package dev.switchboard.events.ingest;

import dev.switchboard.events.EventsProperties;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;

/**
 * The cheap, first layer of de-duplication (decision 0004): Redis remembers batch ids it saw, so
 * that a retry of an accepted batch is answered at once and not published again. It is an
 * optimisation only. The consumer's processed-batch table is what guarantees that nothing is
 * counted twice, so when Redis is down or has forgotten (TTL, eviction, failover) a duplicate is
 * published and then ignored there. After a Redis failure, ingest skips Redis for {@code
 * redis-backoff} instead of paying the command timeout on every request.
 */
@Component
class Deduplicator {
  private static final Logger log = LoggerFactory.getLogger(Deduplicator.class);
  private static final String PENDING = "pending";
  private static final String DONE = "done";

  /** What Redis knows about a batch id. */
  enum Claim {
    /** Not seen: this request claimed it (and must call {@link #accepted} or {@link #release}). */
    NEW,
    /** Accepted before: answer 202 with {@code duplicate: true}. */
    DONE,
    /** Another request with this id is in flight: publish anyway, the consumer de-duplicates. */
    IN_FLIGHT,
    /** Redis did not answer: publish, the consumer de-duplicates. */
    UNKNOWN
  }

  private final StringRedisTemplate redis;
  private final Duration ttl;
  private final Duration backoff;
  private final Clock clock;
  private final AtomicLong skipUntilMillis = new AtomicLong();

  Deduplicator(StringRedisTemplate redis, EventsProperties properties, Clock clock) {
    this.redis = redis;
    this.ttl = properties.dedupTtl();
    this.backoff = properties.redisBackoff();
    this.clock = clock;
  }

  /** Connects before the first batch arrives, so that it does not pay for the connection. */
  @EventListener(ApplicationReadyEvent.class)
  void connect() {
    try {
      redis.hasKey("switchboard:events:connect");
    } catch (DataAccessException e) {
      log.warn("Redis is not reachable yet ({}); ingest works without it", e.getMessage());
    }
  }

  Claim claim(UUID environmentId, String batchId) {
    if (clock.millis() < skipUntilMillis.get()) {
      return Claim.UNKNOWN;
    }
    String key = key(environmentId, batchId);
    try {
      if (Boolean.TRUE.equals(redis.opsForValue().setIfAbsent(key, PENDING, ttl))) {
        return Claim.NEW;
      }
      return DONE.equals(redis.opsForValue().get(key)) ? Claim.DONE : Claim.IN_FLIGHT;
    } catch (DataAccessException e) {
      failed(e);
      return Claim.UNKNOWN;
    }
  }

  /** The batch is durable in Kafka: later retries are duplicates. */
  void accepted(UUID environmentId, String batchId) {
    if (clock.millis() < skipUntilMillis.get()) {
      return;
    }
    try {
      redis.opsForValue().set(key(environmentId, batchId), DONE, ttl);
    } catch (DataAccessException e) {
      failed(e);
    }
  }

  /** Publishing failed: forget the claim so that the SDK's retry is published. */
  void release(UUID environmentId, String batchId) {
    try {
      redis.delete(key(environmentId, batchId));
    } catch (DataAccessException e) {
      // the claim expires with its TTL; until then a retry finds it "pending" and is published
      failed(e);
    }
  }

  private void failed(DataAccessException e) {
    long until = clock.millis() + backoff.toMillis();
    if (skipUntilMillis.getAndSet(until) < clock.millis()) {
      log.warn(
          "Redis failed ({}); de-duplicating in the consumer only for the next {}",
          e.getMessage(),
          backoff);
    }
  }

  static String key(UUID environmentId, String batchId) {
    return "switchboard:events:batch:" + environmentId + ":" + batchId;
  }
}
