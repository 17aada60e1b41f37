package dev.switchboard.configservice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.switchboard.bucketing.Config;
import dev.switchboard.bucketing.Evaluation;
import dev.switchboard.bucketing.Evaluator;
import dev.switchboard.bucketing.Reason;
import dev.switchboard.bucketing.User;
import dev.switchboard.contracts.ConfigPublished;
import dev.switchboard.contracts.ObjectKeys;
import dev.switchboard.contracts.SdkType;
import dev.switchboard.objectstore.StoredObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Changes made through management-api's REST API end as documents in the store, announced. */
class PublishIT extends ConfigServiceTestBase {
  private static final Duration PATIENCE = Duration.ofSeconds(30);

  @Test
  void aChangeEndsAsADocumentThatEvaluatesToTheExpectedVariation() {
    String project = management.createProject(Management.unique("publish"));
    management.createFeature(project, "checkout", false);
    management.targetStaff(project, "checkout", "production");
    Management.Environment production = management.environment(project, "production");
    String serverKey = management.currentKey(project, "production", "server");

    await()
        .atMost(PATIENCE)
        .until(
            () ->
                Documents.version(store, SdkType.SERVER, serverKey) == production.configVersion());

    Config config = Documents.config(store, SdkType.SERVER, serverKey).orElseThrow();
    Evaluator evaluator = Evaluator.of(config);
    Evaluation<String> staff =
        evaluator.stringVariable(
            User.builder("u1").email("ana@example.com").build(), "checkout", "default");
    Evaluation<String> customer =
        evaluator.stringVariable(
            User.builder("u2").email("bo@customer.example").build(), "checkout", "default");
    assertThat(staff.value()).isEqualTo("B");
    assertThat(staff.reason()).isEqualTo(Reason.TARGETING_MATCH);
    assertThat(staff.ruleId()).isEqualTo("staff");
    assertThat(customer.value()).isEqualTo("default");
    assertThat(customer.reason()).isEqualTo(Reason.DEFAULT);
  }

  @Test
  void theStoredObjectIsCompactGzippedJsonThatMatchesTheSchema() throws Exception {
    String project = management.createProject(Management.unique("format"));
    management.createFeature(project, "checkout", true);
    Management.Environment staging = management.environment(project, "staging");
    String serverKey = management.currentKey(project, "staging", "server");
    String clientKey = management.currentKey(project, "staging", "client");
    await()
        .atMost(PATIENCE)
        .until(
            () -> Documents.version(store, SdkType.CLIENT, clientKey) == staging.configVersion());

    StoredObject object = store.get(ObjectKeys.config(SdkType.SERVER, serverKey)).orElseThrow();
    assertThat(object.contentType()).isEqualTo("application/json");
    assertThat(object.contentEncoding()).isEqualTo("gzip");
    assertThat(object.body()[0]).isEqualTo((byte) 0x1f); // the gzip magic number
    assertThat(object.body()[1]).isEqualTo((byte) 0x8b);

    Schema schema =
        SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
            .getSchema(
                Management.JSON.readTree(
                    Files.readAllBytes(Path.of("..", "docs", "config-schema.json"))));
    for (SdkType type : SdkType.values()) {
      String key = type == SdkType.SERVER ? serverKey : clientKey;
      byte[] bytes = Documents.bytes(store, type, key).orElseThrow();
      String text = new String(bytes, StandardCharsets.UTF_8);
      JsonNode tree = Management.JSON.readTree(bytes);
      assertThat(schema.validate(tree)).as(type + " document").isEmpty();
      assertThat(text).doesNotContain("\n").doesNotContain("\": ").doesNotContain(":null");
      assertThat(Management.JSON.writeValueAsString(tree)).isEqualTo(text); // no whitespace at all
    }
  }

  @Test
  void eachPublicationIsAnnouncedWithWhatTheEdgeNeeds() {
    String project = management.createProject(Management.unique("announce"));
    management.createFeature(project, "checkout", false);
    Management.Environment development = management.environment(project, "development");
    String serverKey = management.currentKey(project, "development", "server");
    String clientKey = management.currentKey(project, "development", "client");

    await()
        .atMost(PATIENCE)
        .until(
            () ->
                published()
                        .latest(development.id(), SdkType.CLIENT)
                        .map(ConfigPublished::version)
                        .orElse(-1L)
                    == development.configVersion());
    ConfigPublished server = published().latest(development.id(), SdkType.SERVER).orElseThrow();
    ConfigPublished client = published().latest(development.id(), SdkType.CLIENT).orElseThrow();
    byte[] serverBytes = Documents.bytes(store, SdkType.SERVER, serverKey).orElseThrow();

    assertThat(server.version()).isEqualTo(development.configVersion());
    assertThat(server.projectKey()).isEqualTo(project);
    assertThat(server.environmentKey()).isEqualTo("development");
    assertThat(server.sdkType()).isEqualTo("server");
    assertThat(server.objectKey()).isEqualTo("config/v1/server/" + serverKey + ".json");
    assertThat(server.size()).isEqualTo(serverBytes.length);
    assertThat(server.keys()).containsExactly(new ConfigPublished.PublishedKey(serverKey, null));
    assertThat(server.etag()).matches("[0-9a-f]{32}").isNotEqualTo(client.etag());
    assertThat(server.publishedAt()).isAfterOrEqualTo(server.changedAt());
    assertThat(client.objectKey()).isEqualTo("config/v1/client/" + clientKey + ".json");
    assertThat(client.keys()).containsExactly(new ConfigPublished.PublishedKey(clientKey, null));
  }

  @Test
  void theClientDocumentHoldsOnlyClientVisibleFeaturesAndNoServerKey() {
    String project = management.createProject(Management.unique("client"));
    management.createFeature(project, "public-banner", true);
    management.createFeature(project, "secret-pricing", false);
    management.targetStaff(project, "public-banner", "production");
    management.targetStaff(project, "secret-pricing", "production");
    Management.Environment production = management.environment(project, "production");
    String serverKey = management.currentKey(project, "production", "server");
    String clientKey = management.currentKey(project, "production", "client");

    await()
        .atMost(PATIENCE)
        .until(
            () ->
                Documents.version(store, SdkType.CLIENT, clientKey) == production.configVersion());

    byte[] clientBytes = Documents.bytes(store, SdkType.CLIENT, clientKey).orElseThrow();
    String client = new String(clientBytes, StandardCharsets.UTF_8);
    Config clientConfig = Documents.parse(clientBytes);
    assertThat(clientConfig.featureKeys()).containsExactly("public-banner");
    assertThat(clientConfig.variableKeys()).containsExactly("public-banner");
    assertThat(client).doesNotContain("secret-pricing").doesNotContain(serverKey);
    assertThat(Documents.config(store, SdkType.SERVER, serverKey).orElseThrow().featureKeys())
        .containsExactlyInAnyOrder("public-banner", "secret-pricing");
    assertThat(
            Evaluator.of(clientConfig)
                .stringVariable(
                    User.builder("u").email("x@example.com").build(), "public-banner", "-")
                .value())
        .isEqualTo("B");
  }

  @Test
  void aRevokedKeyLosesItsObjectAtOnce() {
    String project = management.createProject(Management.unique("revoke"));
    String oldKey = management.currentKey(project, "production", "server");
    Management.Environment before = management.environment(project, "production");
    await()
        .atMost(PATIENCE)
        .until(() -> Documents.version(store, SdkType.SERVER, oldKey) == before.configVersion());

    String newKey = management.rotate(project, "production", "server", "PT0S");
    Management.Environment after = management.environment(project, "production");

    await()
        .atMost(PATIENCE)
        .until(() -> Documents.version(store, SdkType.SERVER, newKey) == after.configVersion());
    await()
        .atMost(PATIENCE)
        .until(() -> announcedVersion(after.id(), SdkType.SERVER) == after.configVersion());
    assertThat(store.get(ObjectKeys.config(SdkType.SERVER, oldKey))).isEmpty();
    assertThat(published().latest(after.id(), SdkType.SERVER).orElseThrow().keys())
        .extracting(ConfigPublished.PublishedKey::key)
        .containsExactly(newKey);
  }

  @Test
  void aRotatedKeyKeepsAnIdenticalObjectUntilItExpires() {
    String project = management.createProject(Management.unique("rotate"));
    String oldKey = management.currentKey(project, "staging", "client");

    String newKey = management.rotate(project, "staging", "client", "PT5S");
    Management.Environment staging = management.environment(project, "staging");

    await()
        .atMost(PATIENCE)
        .until(() -> Documents.version(store, SdkType.CLIENT, newKey) == staging.configVersion());
    await()
        .atMost(PATIENCE)
        .until(() -> announcedVersion(staging.id(), SdkType.CLIENT) == staging.configVersion());
    assertThat(Documents.bytes(store, SdkType.CLIENT, oldKey))
        .hasValueSatisfying(
            bytes ->
                assertThat(bytes)
                    .isEqualTo(Documents.bytes(store, SdkType.CLIENT, newKey).orElseThrow()));
    ConfigPublished during = published().latest(staging.id(), SdkType.CLIENT).orElseThrow();
    assertThat(during.keys())
        .extracting(ConfigPublished.PublishedKey::key)
        .containsExactly(newKey, oldKey);
    assertThat(during.keys().get(1).expiresAt()).isNotNull();
    assertThat(during.objectKey()).isEqualTo(ObjectKeys.config(SdkType.CLIENT, newKey));

    await()
        .atMost(PATIENCE)
        .until(() -> store.get(ObjectKeys.config(SdkType.CLIENT, oldKey)).isEmpty());
    await()
        .atMost(PATIENCE)
        .until(
            () ->
                published().latest(staging.id(), SdkType.CLIENT).orElseThrow().keys().size() == 1);
    ConfigPublished expired = published().latest(staging.id(), SdkType.CLIENT).orElseThrow();
    assertThat(expired.keys())
        .extracting(ConfigPublished.PublishedKey::key)
        .containsExactly(newKey);
    assertThat(expired.version()).isEqualTo(during.version());
    assertThat(expired.etag()).isEqualTo(during.etag());
    assertThat(Documents.version(store, SdkType.CLIENT, newKey)).isEqualTo(staging.configVersion());
  }

  @Test
  void aDeletedEnvironmentLosesItsObjectsAndIsTombstoned() {
    String project = management.createProject(Management.unique("delete"));
    Management.Environment staging = management.environment(project, "staging");
    String serverKey = management.currentKey(project, "staging", "server");
    String clientKey = management.currentKey(project, "staging", "client");
    await()
        .atMost(PATIENCE)
        .until(
            () -> Documents.version(store, SdkType.CLIENT, clientKey) == staging.configVersion());

    management.deleteEnvironment(project, "staging");

    await()
        .atMost(PATIENCE)
        .until(
            () ->
                store.get(ObjectKeys.config(SdkType.SERVER, serverKey)).isEmpty()
                    && store.get(ObjectKeys.config(SdkType.CLIENT, clientKey)).isEmpty());
    await()
        .atMost(PATIENCE)
        .until(
            () ->
                lastIsTombstone(published().of(staging.id(), SdkType.SERVER))
                    && lastIsTombstone(published().of(staging.id(), SdkType.CLIENT)));
    String productionKey = management.currentKey(project, "production", "server");
    assertThat(Documents.version(store, SdkType.SERVER, productionKey)).isPositive();
  }

  private static long announcedVersion(String environmentId, SdkType type) {
    return published().latest(environmentId, type).map(ConfigPublished::version).orElse(-1L);
  }

  private static boolean lastIsTombstone(List<PublishedRecords.Announcement> announcements) {
    return !announcements.isEmpty()
        && announcements.get(announcements.size() - 1).published() == null;
  }
}
