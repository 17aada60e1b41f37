package dev.switchboard.management.change;

import dev.switchboard.bucketing.Config;
import dev.switchboard.bucketing.InvalidConfigException;
import dev.switchboard.contracts.ConfigChange;
import dev.switchboard.management.outbox.OutboxWakeUp;
import dev.switchboard.management.web.ApiException;
import jakarta.persistence.EntityManager;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.LongFunction;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The tail of every write that changes what SDKs evaluate, in the write's own transaction: bump
 * each affected environment's {@code configVersion} (under its row lock, so versions strictly
 * increase and outbox rows of one environment are inserted in version order), check that the
 * resulting document is one bucketing-core accepts (otherwise the whole write is rejected and
 * rolled back), and insert one outbox row per environment.
 */
@Service
public class ConfigChanges {
  private static final long NOT_BUMPED = -1;

  private final EntityManager entityManager;
  private final JdbcClient jdbc;
  private final ConfigDocuments documents;
  private final CommittedDocuments committed;
  private final JsonMapper json;
  private final OutboxWakeUp wakeUp;
  private final Clock clock;

  ConfigChanges(
      EntityManager entityManager,
      JdbcClient jdbc,
      ConfigDocuments documents,
      CommittedDocuments committed,
      JsonMapper json,
      OutboxWakeUp wakeUp,
      Clock clock) {
    this.entityManager = entityManager;
    this.jdbc = jdbc;
    this.documents = documents;
    this.committed = committed;
    this.json = json;
    this.wakeUp = wakeUp;
    this.clock = clock;
  }

  /**
   * Records a change to each of these environments; 422 if any would become unevaluable.
   *
   * <p>Validation runs optimistically before the environment's row lock is taken, so concurrent
   * writes to one environment hold its lock only for the version bump, the outbox insert and the
   * commit. It stays free of write skew: every write that changes a document bumps the version in
   * the same transaction, so if the bump does not land exactly one above the version the document
   * was built from, another write committed in between, and the document is built and validated
   * again, now under the lock.
   *
   * <p>The document is built and validated with the version it will have after the bump, so its
   * bytes are exactly the snapshot of that version: once the transaction has committed they are
   * handed to the snapshot endpoint ({@link CommittedDocuments}), which then need not build them
   * again.
   */
  @Transactional(propagation = Propagation.MANDATORY)
  public void environmentsChanged(Collection<UUID> environmentIds) {
    entityManager.flush(); // the documents below must see this write's entities
    SortedSet<UUID> ordered = new TreeSet<>(environmentIds); // one lock order: no deadlocks
    Map<UUID, ValidDocument> validated = new HashMap<>();
    for (UUID environmentId : ordered) {
      validated.put(environmentId, buildValid(environmentId, false));
    }
    for (UUID environmentId : ordered) {
      record(
          environmentId, validated.get(environmentId), bumped -> buildValid(environmentId, true));
    }
    wakeUp.afterCommit(); // once per write, however many environments it touched
  }

  /**
   * Records a change of one feature's targeting in one environment (already written in this
   * transaction), the most frequent write there is; 422 if the environment would become
   * unevaluable.
   *
   * <p>When this instance holds the environment's newest document ({@link CommittedDocuments}), the
   * new document is that one with the feature's targeting replaced: no query reads the environment
   * again. The same check as in {@link #environmentsChanged} makes it safe: if the bump does not
   * land one above the held document's version, other writes came in between. Then, under the lock,
   * the document of the version just below this write's is used if it is held by now (the usual
   * case: a write of this instance that committed while this one waited for the lock), and
   * otherwise the document is built from the database.
   */
  @Transactional(propagation = Propagation.MANDATORY)
  public void targetingChanged(
      UUID environmentId, String featureKey, ConfigDocuments.FeatureTargeting targeting) {
    record(
        environmentId,
        withTargeting(environmentId, featureKey, targeting, NOT_BUMPED),
        bumped -> withTargeting(environmentId, featureKey, targeting, bumped));
    wakeUp.afterCommit();
  }

  /**
   * The held document with this targeting, validated: before the bump ({@code bumped} is {@link
   * #NOT_BUMPED}) on whatever is held, under the lock only on the version just below {@code
   * bumped}; built from the database when there is no such document, or when a held document that
   * may be stale rejects the change.
   */
  private ValidDocument withTargeting(
      UUID environmentId,
      String featureKey,
      ConfigDocuments.FeatureTargeting targeting,
      long bumped) {
    CommittedDocuments.Entry held = committed.newest(environmentId);
    if (held != null && (bumped == NOT_BUMPED || held.version() == bumped - 1)) {
      ObjectNode document = documents.withTargeting(held.document(), featureKey, targeting);
      if (document != null) {
        try {
          return valid(document);
        } catch (ApiException rejected) {
          if (bumped != NOT_BUMPED) {
            throw rejected; // the held document is the one just below: the rejection stands
          }
          // before the bump the held document may be older than the database (say, without an
          // audience another instance has just created): only the current state may reject
        }
      }
    }
    return buildValid(environmentId, bumped != NOT_BUMPED);
  }

  /**
   * Bumps the environment's version and inserts its outbox row (one statement, under the row lock
   * the bump takes); if {@code document} is not of the version the bump gave, gets the right one
   * from {@code underLock} (given that version); hands it to the snapshot endpoint once committed.
   */
  private void record(
      UUID environmentId, ValidDocument document, LongFunction<ValidDocument> underLock) {
    long version = bumpAndAnnounce(environmentId, document.projectKey(), document.environmentKey());
    if (version != document.version()) {
      document = underLock.apply(version); // someone committed in between: check again
    }
    committed.putAfterCommit(environmentId, version, document.bytes());
  }

  /**
   * The environment's document, validated, with the version it has after this write's bump: one
   * above the current one when the bump is still to come ({@code bumped} false).
   */
  private ValidDocument buildValid(UUID environmentId, boolean bumped) {
    ObjectNode document = documents.build(environmentId);
    if (document == null) {
      throw ApiException.notFound("environment " + environmentId);
    }
    if (!bumped) {
      document.put("version", document.get("version").longValue() + 1);
    }
    return valid(document);
  }

  /** Serializes and validates {@code document} (422 when bucketing-core rejects it). */
  private ValidDocument valid(ObjectNode document) {
    byte[] bytes = json.writeValueAsBytes(document);
    validate(document, bytes);
    return new ValidDocument(
        bytes,
        document.get("version").longValue(),
        document.get("project").get("key").stringValue(),
        document.get("environment").get("key").stringValue());
  }

  /** A document bucketing-core accepts, its bytes as the snapshot endpoint serves them. */
  private record ValidDocument(
      byte[] bytes, long version, String projectKey, String environmentKey) {}

  /** Records that an environment is gone: config-service then finds no snapshot and unpublishes. */
  @Transactional(propagation = Propagation.MANDATORY)
  public void environmentDeleted(
      UUID environmentId, String projectKey, String environmentKey, long lastVersion) {
    Instant now = clock.instant();
    jdbc.sql(
            "insert into outbox (environment_id, config_version, payload, created_at)"
                + " values (:environment, :version, cast(:payload as jsonb), :now)")
        .param("environment", environmentId)
        .param("version", lastVersion + 1)
        .param("payload", payload(environmentId, projectKey, environmentKey, lastVersion + 1, now))
        .param("now", Timestamp.from(now))
        .update();
    committed.removeAfterCommit(environmentId);
    wakeUp.afterCommit();
  }

  private void validate(ObjectNode document, byte[] bytes) {
    try {
      Config.parse(bytes);
    } catch (InvalidConfigException e) {
      Map<String, Object> properties = new LinkedHashMap<>();
      properties.put("environment", document.get("environment").get("key").stringValue());
      properties.put("documentPointer", e.pointer());
      String feature = featureAt(document, e.pointer());
      if (feature != null) {
        properties.put("feature", feature);
      }
      throw new ApiException(
          HttpStatus.UNPROCESSABLE_ENTITY,
          "unevaluable-targeting",
          "the change would make environment '"
              + properties.get("environment")
              + "' impossible to evaluate: "
              + e.reason()
              + (feature == null ? "" : " (feature '" + feature + "')"),
          properties);
    }
  }

  private static String featureAt(ObjectNode document, String pointer) {
    if (!pointer.startsWith("/features/")) {
      return null;
    }
    String index = pointer.substring("/features/".length()).split("/", 2)[0];
    var feature = document.get("features").get(Integer.parseInt(index));
    return feature == null ? null : feature.get("key").stringValue();
  }

  /**
   * Adds one to the environment's {@code configVersion} and inserts the outbox row announcing the
   * new version, in one statement: the bump takes the environment's row lock before the row gets
   * its id, so an environment's outbox ids increase with its versions (decision 0002).
   */
  private long bumpAndAnnounce(UUID environmentId, String projectKey, String environmentKey) {
    Instant now = clock.instant();
    return jdbc.sql(
            "with bumped as (update environment set config_version = config_version + 1"
                + " where id = :environment returning config_version)"
                + " insert into outbox (environment_id, config_version, payload, created_at)"
                + " select :environment, config_version,"
                + " cast(:payload as jsonb) || jsonb_build_object('configVersion', config_version),"
                + " :now from bumped returning config_version")
        .param("environment", environmentId)
        .param("payload", payload(environmentId, projectKey, environmentKey, 0, now)) // see above
        .param("now", Timestamp.from(now))
        .query(Long.class)
        .optional()
        .orElseThrow(() -> ApiException.notFound("environment " + environmentId));
  }

  private String payload(
      UUID environmentId, String projectKey, String environmentKey, long version, Instant now) {
    return json.writeValueAsString(
        new ConfigChange(environmentId.toString(), projectKey, environmentKey, version, now));
  }
}
