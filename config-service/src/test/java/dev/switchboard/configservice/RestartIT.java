package dev.switchboard.configservice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.contracts.ConfigPublished;
import dev.switchboard.contracts.ObjectKeys;
import dev.switchboard.contracts.SdkType;
import dev.switchboard.objectstore.FileSystemObjectStore;
import dev.switchboard.objectstore.ObjectStore;
import dev.switchboard.objectstore.ObjectStoreException;
import dev.switchboard.objectstore.StoredObject;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;

/**
 * A config-service that dies after writing an object but before announcing it and committing the
 * offset, then a new instance in its place: the change is published, nothing is missed.
 */
class RestartIT {
  private final Management management = new Management(Platform.managementUrl());

  @Test
  void killedBetweenWritingAndCommittingThenRestartedNothingIsMissed() {
    String id = UUID.randomUUID().toString().substring(0, 8);
    String group = "config-service-restart-" + id;
    String topic = "switchboard.config-published.restart-" + id;
    Path directory = Path.of("target", "objects-restart-" + id);
    Map<String, Object> properties =
        new HashMap<>(Platform.configService(directory.toString(), group, topic));
    properties.put("switchboard.config-service.rebuild-on-schema-change", false);
    ObjectStore files = new FileSystemObjectStore(directory);

    String project = management.createProject(Management.unique("restart"));
    management.createFeature(project, "checkout", false);
    Management.Environment before = management.environment(project, "production");
    String serverKey = management.currentKey(project, "production", "server");

    ConfigurableApplicationContext victim =
        ConfigServices.start(properties, DyingStoreConfiguration.class);
    DyingStore dying = victim.getBean(DyingStore.class);
    long after;
    try (PublishedRecords published = new PublishedRecords(topic)) {
      await()
          .atMost(ChangeEvents.patience())
          .until(
              () ->
                  published
                          .latest(before.id(), SdkType.CLIENT)
                          .map(ConfigPublished::version)
                          .orElse(-1L)
                      == before.configVersion());

      dying.dieAfterWriting(ObjectKeys.config(SdkType.SERVER, serverKey));
      management.targetStaff(project, "checkout", "production");
      after = management.environment(project, "production").configVersion();

      await().atMost(ChangeEvents.patience()).until(dying::isDead);
      assertThat(Documents.version(files, SdkType.SERVER, serverKey)).isEqualTo(after);
      victim.close(); // the kill: the object is written, nothing announced, no offset committed
      assertThat(published.latest(before.id(), SdkType.SERVER).orElseThrow().version())
          .isEqualTo(before.configVersion());
      assertThat(ChangeEvents.consumedEverything(group)).isFalse();

      ConfigurableApplicationContext restarted = ConfigServices.start(properties);
      try {
        await()
            .atMost(ChangeEvents.patience())
            .until(
                () ->
                    published
                                .latest(before.id(), SdkType.SERVER)
                                .map(ConfigPublished::version)
                                .orElse(-1L)
                            == after
                        && published
                                .latest(before.id(), SdkType.CLIENT)
                                .map(ConfigPublished::version)
                                .orElse(-1L)
                            == after);
        await().atMost(ChangeEvents.patience()).until(() -> ChangeEvents.consumedEverything(group));
        assertThat(Documents.version(files, SdkType.SERVER, serverKey)).isEqualTo(after);
        String clientKey = management.currentKey(project, "production", "client");
        assertThat(Documents.version(files, SdkType.CLIENT, clientKey)).isEqualTo(after);
      } finally {
        restarted.close();
      }
    } finally {
      victim.close();
    }
  }

  /** The real filesystem store, until it has written the trap key: then the process "dies". */
  static final class DyingStore implements ObjectStore {
    private final ObjectStore delegate;
    private volatile String trap;
    private volatile boolean dead;

    DyingStore(ObjectStore delegate) {
      this.delegate = delegate;
    }

    void dieAfterWriting(String key) {
      trap = key;
    }

    boolean isDead() {
      return dead;
    }

    @Override
    public void put(String key, StoredObject object) {
      checkAlive();
      delegate.put(key, object);
      if (key.equals(trap)) {
        dead = true;
        throw new ObjectStoreException("killed right after writing " + key, null);
      }
    }

    @Override
    public Optional<StoredObject> get(String key) {
      checkAlive();
      return delegate.get(key);
    }

    @Override
    public void delete(String key) {
      checkAlive();
      delegate.delete(key);
    }

    private void checkAlive() {
      if (dead) {
        throw new ObjectStoreException("this process is dead", null);
      }
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class DyingStoreConfiguration {
    @Bean
    @Primary
    DyingStore dyingStore(
        @Value("${switchboard.config-service.object-store.directory}") Path directory) {
      return new DyingStore(new FileSystemObjectStore(directory));
    }
  }
}
