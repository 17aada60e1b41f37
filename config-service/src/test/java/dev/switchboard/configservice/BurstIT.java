package dev.switchboard.configservice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.contracts.ConfigChange;
import dev.switchboard.contracts.ConfigPublished;
import dev.switchboard.contracts.SdkType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Bursts, duplicates and events out of order: the newest version wins and stays. */
class BurstIT extends ConfigServiceTestBase {

  @Test
  void aBurstOf200ChangesIsCoalescedAndEndsAtTheFinalVersion() throws Exception {
    String project = management.createProject(Management.unique("burst"));
    management.createFeature(project, "checkout", false);
    String serverKey = management.currentKey(project, "production", "server");
    Management.Environment start = management.environment(project, "production");

    ExecutorService clients = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> writes = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        boolean on = i % 2 == 0;
        writes.add(clients.submit(() -> management.toggle(project, "checkout", "production", on)));
      }
      for (Future<?> write : writes) {
        write.get();
      }
    } finally {
      clients.shutdown();
    }
    Management.Environment end = management.environment(project, "production");
    assertThat(end.configVersion()).isEqualTo(start.configVersion() + 200);

    await()
        .atMost(ChangeEvents.patience())
        .until(() -> Documents.version(store, SdkType.SERVER, serverKey) == end.configVersion());
    await()
        .atMost(ChangeEvents.patience())
        .until(
            () ->
                published()
                        .latest(end.id(), SdkType.CLIENT)
                        .map(ConfigPublished::version)
                        .orElse(-1L)
                    == end.configVersion());

    List<Long> versions = announcedVersions(end.id(), SdkType.SERVER);
    assertThat(versions).isSorted().doesNotHaveDuplicates();
    assertThat(versions.get(versions.size() - 1)).isEqualTo(end.configVersion());
    assertThat(versions.size()).as("builds for 200 changes: %s", versions).isLessThan(100);
  }

  @Test
  void duplicatesAndOlderEventsNeverOverwriteTheNewerDocument() {
    String project = management.createProject(Management.unique("replay"));
    management.createFeature(project, "checkout", false);
    management.toggle(project, "checkout", "staging", true);
    management.toggle(project, "checkout", "staging", false);
    Management.Environment staging = management.environment(project, "staging");
    String serverKey = management.currentKey(project, "staging", "server");
    await()
        .atMost(ChangeEvents.patience())
        .until(
            () -> Documents.version(store, SdkType.SERVER, serverKey) == staging.configVersion());
    await()
        .atMost(ChangeEvents.patience())
        .until(
            () ->
                published()
                        .latest(staging.id(), SdkType.CLIENT)
                        .map(ConfigPublished::version)
                        .orElse(-1L)
                    == staging.configVersion());
    byte[] before = Documents.bytes(store, SdkType.SERVER, serverKey).orElseThrow();
    int announcementsBefore = published().of(staging.id(), SdkType.SERVER).size();

    long current = staging.configVersion();
    Instant now = Instant.now();
    ChangeEvents.send(
        List.of(
            change(staging.id(), project, current, now), // a duplicate of the newest
            change(staging.id(), project, 1, now), // the first version, far too late
            change(staging.id(), project, current - 1, now),
            change(staging.id(), project, current, now),
            change(staging.id(), project, 1, now)));

    await()
        .atMost(ChangeEvents.patience())
        .until(() -> ChangeEvents.consumedEverything("config-service-it"));
    assertThat(Documents.bytes(store, SdkType.SERVER, serverKey)).hasValue(before);
    assertThat(Documents.version(store, SdkType.SERVER, serverKey)).isEqualTo(current);
    assertThat(published().of(staging.id(), SdkType.SERVER)).hasSize(announcementsBefore);
    assertThat(announcedVersions(staging.id(), SdkType.SERVER)).isSorted().doesNotHaveDuplicates();
  }

  @Test
  void anEventFromTheFutureDoesNotPublishAVersionThatDoesNotExist() {
    String project = management.createProject(Management.unique("future"));
    Management.Environment development = management.environment(project, "development");
    String serverKey = management.currentKey(project, "development", "server");
    await()
        .atMost(ChangeEvents.patience())
        .until(
            () ->
                Documents.version(store, SdkType.SERVER, serverKey) == development.configVersion());

    ChangeEvents.send(
        List.of(
            change(development.id(), project, development.configVersion() + 1000, Instant.now())));

    await()
        .atMost(ChangeEvents.patience())
        .until(() -> ChangeEvents.consumedEverything("config-service-it"));
    assertThat(Documents.version(store, SdkType.SERVER, serverKey))
        .isEqualTo(development.configVersion());
  }

  private static ConfigChange change(
      String environmentId, String project, long version, Instant at) {
    return new ConfigChange(environmentId, project, "staging", version, at);
  }

  private static List<Long> announcedVersions(String environmentId, SdkType type) {
    return published().of(environmentId, type).stream()
        .map(PublishedRecords.Announcement::published)
        .filter(Objects::nonNull)
        .map(ConfigPublished::version)
        .toList();
  }
}
