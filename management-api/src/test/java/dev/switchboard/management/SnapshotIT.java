package dev.switchboard.management;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.management.change.ConfigChanges;
import dev.switchboard.management.change.ConfigDocuments;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * The internal snapshot serves the document the write of its version built (held in memory after
 * the commit), never one of a write that rolled back, and the same bytes as building it anew.
 */
class SnapshotIT extends ManagementApiTestBase {
  private static final String ROLLED_BACK_RULES =
      "[{\"id\": \"rolled-back\", \"audience\": {\"type\": \"all\"},"
          + " \"serve\": {\"variation\": \"b\"}}]";

  @Autowired ConfigChanges changes;
  @Autowired ConfigDocuments documents;
  @Autowired PlatformTransactionManager transactionManager;
  @Autowired JdbcClient applicationJdbc; // takes part in the application's transactions
  @Autowired JsonMapper json;
  @Autowired MeterRegistry meters;

  @Test
  void aSnapshotAfterACommittedWriteHasItsVersionAndTheDocumentTheWriteBuilt() {
    String project = projectWith(unique("snapshot"), "checkout");
    turnCheckoutOn(project);
    String environmentId = environmentId(project, "production");
    double held = snapshots("held");
    double built = snapshots("built");

    ApiClient.Response snapshot = snapshot(environmentId);

    long version = currentVersion(environmentId);
    assertThat(snapshot.body().get("configVersion").longValue()).isEqualTo(version);
    assertThat(snapshot.body().at("/document/version").longValue()).isEqualTo(version);
    assertThat(snapshot.body().at("/document/features/0/targeting/on").booleanValue()).isTrue();
    assertThat(snapshots("held")).isEqualTo(held + 1); // the write's own bytes
    assertThat(snapshots("built")).isEqualTo(built);
    assertThat(documentOf(snapshot)).isEqualTo(buildNow(environmentId));
  }

  @Test
  void aTargetingWriteOnTheHeldDocumentGivesTheBytesOfBuildingIt() {
    String project = projectWith(unique("patched"), "checkout", "search");
    String environmentId = environmentId(project, "production");
    String path = "/api/v1/projects/" + project + "/features/search/targeting/production";
    // members in an order PostgreSQL's jsonb does not keep, and an off variation
    String body =
        "{\"rules\": [{\"serve\": {\"variation\": \"b\"}, \"id\": \"everyone\","
            + " \"audience\": {\"type\": \"all\"}}], \"offVariation\": \"a\", \"on\": true}";
    double built = snapshots("built");

    assertThat(api.put(path, ADMIN, body, Map.of()).status()).isEqualTo(200);
    ApiClient.Response afterPut = snapshot(environmentId);
    assertThat(documentOf(afterPut)).isEqualTo(buildNow(environmentId));
    assertThat(api.post(path + "/off", ADMIN, null).status()).isEqualTo(200);
    ApiClient.Response afterOff = snapshot(environmentId);

    assertThat(snapshots("built")).isEqualTo(built); // both served as their writes built them
    assertThat(afterOff.body().get("configVersion").longValue())
        .isEqualTo(afterPut.body().get("configVersion").longValue() + 1);
    assertThat(afterOff.body().at("/document/features/1/targeting/on").booleanValue()).isFalse();
    assertThat(afterOff.body().at("/document/features/1/targeting/rules/0/id").stringValue())
        .isEqualTo("everyone");
    assertThat(documentOf(afterOff)).isEqualTo(buildNow(environmentId));
  }

  @Test
  void aWriteByAnotherInstanceInBetweenIsInTheNextDocument() {
    String project = projectWith(unique("between"), "checkout", "search");
    String environmentId = environmentId(project, "production");
    long version = currentVersion(environmentId);
    // what another instance's targeting write looks like from here: the row and the version
    // change, and this instance still holds the document of the version before
    jdbc.sql(
            "update targeting set enabled = true where environment_id = :environment and"
                + " feature_id = (select id from feature where key = 'checkout' and project_id ="
                + " (select id from project where key = :project))")
        .param("environment", UUID.fromString(environmentId))
        .param("project", project)
        .update();
    jdbc.sql("update environment set config_version = config_version + 1 where id = :id")
        .param("id", UUID.fromString(environmentId))
        .update();

    assertThat(
            api.post(
                    "/api/v1/projects/" + project + "/features/search/targeting/production/on",
                    ADMIN,
                    null)
                .status())
        .isEqualTo(200);

    ApiClient.Response snapshot = snapshot(environmentId);
    assertThat(snapshot.body().get("configVersion").longValue()).isEqualTo(version + 2);
    assertThat(snapshot.body().at("/document/features/0/targeting/on").booleanValue())
        .as("the other instance's change")
        .isTrue();
    assertThat(snapshot.body().at("/document/features/1/targeting/on").booleanValue()).isTrue();
    assertThat(documentOf(snapshot)).isEqualTo(buildNow(environmentId));
  }

  @Test
  void aTargetingThatNeedsAnAudienceAnotherInstanceJustCreatedIsAccepted() {
    String project = projectWith(unique("stale"), "checkout");
    String environmentId = environmentId(project, "production");
    // another instance creates audience "beta" (and bumps every environment of the project); this
    // instance still holds the production document from before, without the audience
    jdbc.sql(
            "insert into audience (id, project_id, key, name, filter, created_at, updated_at,"
                + " version) select gen_random_uuid(), id, 'beta', 'Beta',"
                + " cast('{\"type\": \"users\", \"ids\": [\"u1\"]}' as jsonb), now(), now(), 0"
                + " from project where key = :project")
        .param("project", project)
        .update();
    jdbc.sql(
            "update environment set config_version = config_version + 1 where project_id ="
                + " (select id from project where key = :project)")
        .param("project", project)
        .update();

    ApiClient.Response put =
        api.put(
            "/api/v1/projects/" + project + "/features/checkout/targeting/production",
            ADMIN,
            "{\"on\": true, \"rules\": [{\"id\": \"beta\", \"audience\": {\"type\":"
                + " \"audience\", \"audience\": \"beta\"}, \"serve\": {\"variation\": \"b\"}}]}",
            Map.of());

    assertThat(put.status()).as(put.raw()).isEqualTo(200);
    ApiClient.Response snapshot = snapshot(environmentId);
    assertThat(snapshot.body().at("/document/audiences/0/key").stringValue()).isEqualTo("beta");
    assertThat(documentOf(snapshot)).isEqualTo(buildNow(environmentId));
  }

  @Test
  void concurrentTargetingWritesToOneEnvironmentLeaveTheDocumentOfItsState() throws Exception {
    String project = createProject(unique("concurrent"));
    int features = 6;
    for (int f = 0; f < features; f++) {
      createFeature(project, "f" + f, ADMIN);
    }
    String environmentId = environmentId(project, "production");
    long version = currentVersion(environmentId);
    int writesEach = 11; // on, off, on, ..., on: each feature ends on

    ExecutorService pool = Executors.newFixedThreadPool(features);
    List<Future<?>> writers = new ArrayList<>();
    for (int f = 0; f < features; f++) {
      String path = "/api/v1/projects/" + project + "/features/f" + f + "/targeting/production/";
      writers.add(
          pool.submit(
              () -> {
                for (int w = 0; w < writesEach; w++) {
                  ApiClient.Response write =
                      api.post(path + (w % 2 == 0 ? "on" : "off"), ADMIN, null);
                  assertThat(write.status()).as(write.raw()).isEqualTo(200);
                }
              }));
    }
    for (Future<?> writer : writers) {
      writer.get();
    }
    pool.shutdown();

    ApiClient.Response snapshot = snapshot(environmentId);
    assertThat(snapshot.body().get("configVersion").longValue())
        .isEqualTo(version + (long) features * writesEach);
    for (int f = 0; f < features; f++) {
      assertThat(snapshot.body().at("/document/features/" + f + "/targeting/on").booleanValue())
          .as("f" + f)
          .isTrue();
    }
    assertThat(documentOf(snapshot)).isEqualTo(buildNow(environmentId));
  }

  @Test
  void aWriteThatRollsBackNeverReachesTheSnapshot() {
    String project = projectWith(unique("rollback"), "checkout");
    String environmentId = environmentId(project, "production");
    ApiClient.Response before = snapshot(environmentId);
    long version = before.body().get("configVersion").longValue();

    // a write that passes validation and takes the next version, then rolls back
    TransactionTemplate write = new TransactionTemplate(transactionManager);
    write.executeWithoutResult(
        status -> {
          applicationJdbc
              .sql(
                  "update targeting set rules = cast(:rules as jsonb), enabled = true"
                      + " where environment_id = :environment and feature_id ="
                      + " (select id from feature where key = 'checkout' and project_id ="
                      + " (select id from project where key = :project))")
              .param("rules", ROLLED_BACK_RULES)
              .param("environment", UUID.fromString(environmentId))
              .param("project", project)
              .update();
          changes.environmentsChanged(List.of(UUID.fromString(environmentId)));
          assertThat(
                  applicationJdbc
                      .sql("select config_version from environment where id = :id")
                      .param("id", UUID.fromString(environmentId))
                      .query(Long.class)
                      .single())
              .isEqualTo(version + 1);
          status.setRollbackOnly();
        });

    ApiClient.Response after = snapshot(environmentId);
    assertThat(after.raw()).isEqualTo(before.raw());

    // the next committed write takes the same version number, with other content
    turnCheckoutOn(project);
    ApiClient.Response committed = snapshot(environmentId);
    assertThat(committed.body().get("configVersion").longValue()).isEqualTo(version + 1);
    assertThat(committed.raw()).doesNotContain("rolled-back");
    assertThat(committed.body().at("/document/features/0/targeting/rules")).isEmpty();
    assertThat(documentOf(committed)).isEqualTo(buildNow(environmentId));
  }

  @Test
  void aRejectedWriteLeavesTheSnapshotAsItWas() {
    String project = projectWith(unique("rejected"), "checkout");
    String environmentId = environmentId(project, "production");
    ApiClient.Response before = snapshot(environmentId);

    ApiClient.Response bad =
        api.put(
            "/api/v1/projects/" + project + "/features/checkout/targeting/production",
            ADMIN,
            targetingWithUnknownVariation(),
            Map.of());
    assertThat(bad.status()).isEqualTo(422);

    assertThat(snapshot(environmentId).raw()).isEqualTo(before.raw());
  }

  @Test
  void anEnvironmentThatIsGoneHasNoSnapshot() {
    String project = createProject(unique("gone"));
    String environmentId = environmentId(project, "staging");
    assertThat(snapshot(environmentId).status()).isEqualTo(200);

    assertThat(api.delete("/api/v1/projects/" + project + "/environments/staging", ADMIN).status())
        .isEqualTo(204);

    assertThat(snapshot(environmentId).status()).isEqualTo(404);
  }

  /** A new project with these features (two variations each, off everywhere). */
  private String projectWith(String key, String... features) {
    String project = createProject(key);
    for (String feature : features) {
      createFeature(project, feature, ADMIN);
    }
    return project;
  }

  private ApiClient.Response snapshot(String environmentId) {
    return api.get("/internal/v1/environments/" + environmentId + "/snapshot", SERVICE);
  }

  /** The document exactly as the snapshot serves it: the last member of the answer. */
  static String documentOf(ApiClient.Response snapshot) {
    String raw = snapshot.raw();
    String member = ",\"document\":";
    return raw.substring(raw.indexOf(member) + member.length(), raw.length() - 1);
  }

  /** What a snapshot that does not hold the document builds: now, in one read-only transaction. */
  private String buildNow(String environmentId) {
    TransactionTemplate read = new TransactionTemplate(transactionManager);
    read.setReadOnly(true);
    read.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
    byte[] bytes =
        read.execute(
            status -> json.writeValueAsBytes(documents.build(UUID.fromString(environmentId))));
    return new String(bytes, StandardCharsets.UTF_8);
  }

  private long currentVersion(String environmentId) {
    return jdbc.sql("select config_version from environment where id = :id")
        .param("id", UUID.fromString(environmentId))
        .query(Long.class)
        .single();
  }

  private double snapshots(String source) {
    return meters.get("switchboard.snapshot.documents").tag("source", source).counter().count();
  }

  /** The kill switch's "on" for feature {@code checkout} in production; asserts it committed. */
  private void turnCheckoutOn(String project) {
    ApiClient.Response on =
        api.post(
            "/api/v1/projects/" + project + "/features/checkout/targeting/production/on",
            ADMIN,
            null);
    assertThat(on.status()).as(on.raw()).isEqualTo(200);
  }
}
