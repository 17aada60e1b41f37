package dev.switchboard.edge.catalogue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.contracts.ConfigPublished;
import dev.switchboard.contracts.ConfigPublished.PublishedKey;
import dev.switchboard.contracts.SdkType;
import dev.switchboard.edge.web.EdgeException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CatalogueTest {
  private static final Instant NOW = Instant.parse("2026-11-27T12:00:00Z");
  private final Catalogue catalogue = complete(new Catalogue(Clock.fixed(NOW, ZoneOffset.UTC)));

  private static Catalogue complete(Catalogue catalogue) {
    catalogue.markComplete();
    return catalogue;
  }

  @Test
  void beforeTheCatalogueIsReadAnUnknownKeyIsNotReadyRatherThanUnauthorized() {
    Catalogue fresh = new Catalogue(Clock.fixed(NOW, ZoneOffset.UTC));
    assertThatThrownBy(() -> fresh.authorize("server-unknown", SdkType.SERVER))
        .isInstanceOf(EdgeException.class)
        .extracting(e -> ((EdgeException) e).status().value())
        .isEqualTo(503);
    fresh.markComplete();
    assertThat(fresh.authorize("server-unknown", SdkType.SERVER)).isNull();
  }

  private final List<Set<String>> removed = new ArrayList<>();
  private final List<String> loads = new ArrayList<>();

  CatalogueTest() {
    catalogue.addListener(
        new CatalogueListener() {
          @Override
          public void keysRemoved(Set<String> keys) {
            removed.add(keys);
          }

          @Override
          public void loadNeeded(String recordKey) {
            loads.add(recordKey);
          }
        });
  }

  static ConfigPublished announcement(String env, String type, long version, PublishedKey... keys) {
    return new ConfigPublished(
        env,
        "shop",
        "production",
        type,
        version,
        "etag-" + version,
        "config/v1/" + type + "/" + keys[0].key() + ".json",
        10,
        List.of(keys),
        NOW,
        NOW);
  }

  @Test
  void aKeyReadsOnlyItsOwnTypeAndEnvironment() {
    catalogue.announce(announcement("env-a", "server", 1, new PublishedKey("server-a", null)));
    catalogue.announce(announcement("env-a", "client", 1, new PublishedKey("client-a", null)));

    assertThat(catalogue.authorize("server-a", SdkType.SERVER).recordKey())
        .isEqualTo("env-a:server");
    assertThat(catalogue.authorize("server-a", SdkType.CLIENT)).isNull();
    assertThat(catalogue.authorize("client-a", SdkType.SERVER)).isNull();
    assertThat(catalogue.authorize("client-a", SdkType.CLIENT).recordKey())
        .isEqualTo("env-a:client");
    assertThat(catalogue.authorize(null, SdkType.SERVER)).isNull();
    assertThat(catalogue.authorize("server-unknown", SdkType.SERVER)).isNull();
    assertThat(loads).containsExactly("env-a:server", "env-a:client");
  }

  @Test
  void aRotatedKeyWorksUntilItsExpiryAndADroppedKeyIsRemovedAtOnce() {
    catalogue.announce(announcement("env-a", "server", 1, new PublishedKey("server-old", null)));
    catalogue.announce(
        announcement(
            "env-a",
            "server",
            2,
            new PublishedKey("server-new", null),
            new PublishedKey("server-old", NOW.plusSeconds(1))));
    catalogue.announce(
        announcement(
            "env-a",
            "server",
            3,
            new PublishedKey("server-newest", null),
            new PublishedKey("server-new", NOW)));

    assertThat(catalogue.authorize("server-newest", SdkType.SERVER)).isNotNull();
    assertThat(catalogue.authorize("server-new", SdkType.SERVER)).as("expires now").isNull();
    assertThat(catalogue.authorize("server-old", SdkType.SERVER)).isNull();
    assertThat(removed).containsExactly(Set.of("server-old"));
  }

  @Test
  void ignoresAnnouncementsOlderThanTheNewestAndATombstoneRemovesEverything() {
    catalogue.announce(announcement("env-a", "server", 5, new PublishedKey("server-a", null)));
    catalogue.announce(announcement("env-a", "server", 4, new PublishedKey("server-b", null)));

    assertThat(catalogue.authorize("server-b", SdkType.SERVER)).isNull();
    assertThat(catalogue.announced("env-a:server").version()).isEqualTo(5);

    catalogue.remove("env-a:server");
    assertThat(catalogue.authorize("server-a", SdkType.SERVER)).isNull();
    assertThat(catalogue.announced("env-a:server")).isNull();
    assertThat(removed).containsExactly(Set.of("server-a"));
  }

  @Test
  void installsOnlyNewerDocumentsOfAnnouncedEntries() {
    catalogue.announce(announcement("env-a", "server", 2, new PublishedKey("server-a", null)));

    assertThat(catalogue.needsLoad("env-a:server")).isTrue();
    assertThat(catalogue.install(held("env-a:server", 2))).isTrue();
    assertThat(catalogue.install(held("env-a:server", 1))).isFalse();
    assertThat(catalogue.install(held("env-b:server", 1))).as("never announced").isFalse();
    assertThat(catalogue.held("env-a:server").version()).isEqualTo(2);
    assertThat(catalogue.needsLoad("env-a:server")).isFalse();
    assertThat(catalogue.missingCount()).isZero();
  }

  static HeldConfig held(String recordKey, long version) {
    return new HeldConfig(
        recordKey,
        recordKey.split(":")[0],
        "shop",
        "production",
        SdkType.SERVER,
        version,
        "etag-" + version,
        "\"etag-" + version + "\"",
        new byte[0],
        new byte[0],
        dev.switchboard.bucketing.Evaluator.withoutConfig(
            dev.switchboard.bucketing.ErrorCode.PROVIDER_NOT_READY),
        HeldConfig.updateFrame(version, "etag-" + version),
        NOW);
  }

  @Test
  void theUpdateFrameIsTheDocumentedSseEvent() {
    assertThat(new String(HeldConfig.updateFrame(42, "5f0c\"3a")))
        .isEqualTo(
            "event: config-updated\nid: 42\ndata: {\"version\":42,\"etag\":\"5f0c\\\"3a\"}\n\n");
  }

  @Test
  void aSmallDocumentTravelsInItsUpdateFrame() {
    byte[] document = "{\"version\":42,\"features\":[]}".getBytes(StandardCharsets.UTF_8);

    assertThat(new String(HeldConfig.updateFrame(42, "e", document), StandardCharsets.UTF_8))
        .isEqualTo(
            "event: config-updated\nid: 42\ndata: {\"version\":42,\"etag\":\"e\","
                + "\"document\":{\"version\":42,\"features\":[]}}\n\n");
  }

  @Test
  void aLargeOrMultiLineDocumentIsLeftToTheDownload() {
    byte[] large = new byte[HeldConfig.INLINE_DOCUMENT_BYTES + 1];
    java.util.Arrays.fill(large, (byte) ' ');
    byte[] multiLine = "{\n}".getBytes(StandardCharsets.UTF_8);

    assertThat(HeldConfig.updateFrame(42, "e", large)).isEqualTo(HeldConfig.updateFrame(42, "e"));
    assertThat(HeldConfig.updateFrame(42, "e", multiLine))
        .isEqualTo(HeldConfig.updateFrame(42, "e"));
  }
}
