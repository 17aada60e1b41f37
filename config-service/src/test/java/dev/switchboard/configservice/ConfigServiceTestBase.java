package dev.switchboard.configservice;

import dev.switchboard.contracts.Topics;
import dev.switchboard.objectstore.ObjectStore;
import dev.switchboard.testsupport.Infrastructure;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The real config-service on a random port, with a filesystem object store in {@code target/},
 * consuming what the real management-api ({@link Platform}) publishes. All integration tests that
 * extend this share one application context; each test uses its own projects.
 */
@SpringBootTest(
    classes = ConfigServiceApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    // bound before @DynamicPropertySource applies; see Platform.classpathFixes()
    properties = "spring.main.lazy-initialization=false")
abstract class ConfigServiceTestBase {
  static final Path OBJECTS = Path.of("target", "objects-" + UUID.randomUUID());

  private static PublishedRecords published;

  @DynamicPropertySource
  static void platform(DynamicPropertyRegistry registry) {
    Infrastructure.registerKafka(registry);
    Platform.configService(OBJECTS.toString(), "config-service-it", Topics.CONFIG_PUBLISHED)
        .forEach((name, value) -> registry.add(name, () -> value));
  }

  @LocalServerPort int port;
  @Autowired ObjectStore store;

  final Management management = new Management(Platform.managementUrl());

  /** What has been announced on {@code switchboard.config-published}. */
  static synchronized PublishedRecords published() {
    if (published == null) {
      published = new PublishedRecords(Topics.CONFIG_PUBLISHED);
    }
    return published;
  }

  @AfterAll
  static synchronized void closeReader() {
    if (published != null) {
      published.close();
      published = null;
    }
  }
}
