package dev.switchboard.configservice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.adobe.testing.s3mock.junit5.S3MockExtension;
import dev.switchboard.contracts.ConfigPublished;
import dev.switchboard.contracts.ObjectKeys;
import dev.switchboard.contracts.SdkType;
import dev.switchboard.objectstore.ObjectStore;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.context.ConfigurableApplicationContext;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;
import tools.jackson.databind.JsonNode;

/**
 * config-service publishing to S3 (S3Mock in this JVM, as MinIO is configured): documents land in
 * the bucket gzip-encoded; a missing bucket and a store that is down are retried with backoff,
 * reported in health and metrics, and never skipped.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class S3StoreIT {
  private static final String BUCKET = "switchboard-it";
  private static final int PORT = freePort();

  @RegisterExtension
  static final S3MockExtension S3 =
      S3MockExtension.builder()
          .silent()
          .withSecureConnection(false)
          .withHttpPort(PORT)
          .withInitialBuckets(BUCKET)
          // S3Mock is a Spring Boot application: keep management-api's JPA (on this test
          // classpath) out of it
          .withProperty("spring.autoconfigure.exclude", Platform.NO_DATABASE)
          .build();

  private static ConfigurableApplicationContext service;
  private static PublishedRecords published;

  private final Management management = new Management(Platform.managementUrl());
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void start() {
    // the AWS default credentials chain reads these (as it reads AWS_ACCESS_KEY_ID)
    System.setProperty("aws.accessKeyId", "it-access-key");
    System.setProperty("aws.secretAccessKey", "it-secret-key");
    String id = UUID.randomUUID().toString().substring(0, 8);
    String topic = "switchboard.config-published.s3-" + id;
    Map<String, Object> properties =
        new HashMap<>(Platform.configService("unused", "config-service-s3-" + id, topic));
    properties.put("switchboard.config-service.object-store.type", "s3");
    properties.put("switchboard.config-service.object-store.endpoint", "http://localhost:" + PORT);
    properties.put("switchboard.config-service.object-store.bucket", BUCKET);
    properties.put("switchboard.config-service.object-store.path-style", true);
    properties.put("switchboard.config-service.rebuild-on-schema-change", false);
    service = ConfigServices.start(properties);
    published = new PublishedRecords(topic);
  }

  @AfterAll
  static void stop() {
    if (published != null) {
      published.close();
    }
    if (service != null) {
      service.close();
    }
  }

  @Test
  @Order(1)
  void documentsLandInTheBucketGzipEncoded() {
    String project = management.createProject(Management.unique("s3"));
    management.createFeature(project, "checkout", false);
    management.targetStaff(project, "checkout", "production");
    Management.Environment production = management.environment(project, "production");
    String serverKey = management.currentKey(project, "production", "server");
    ObjectStore store = service.getBean(ObjectStore.class);

    await()
        .atMost(ChangeEvents.patience())
        .until(
            () ->
                Documents.version(store, SdkType.SERVER, serverKey) == production.configVersion());

    try (S3Client s3 = S3.createS3ClientV2()) {
      HeadObjectResponse head =
          s3.headObject(b -> b.bucket(BUCKET).key(ObjectKeys.config(SdkType.SERVER, serverKey)));
      assertThat(head.contentEncoding()).isEqualTo("gzip");
      assertThat(head.contentType()).isEqualTo("application/json");
    }
    assertThat(health().path("status").asString()).isEqualTo("UP");
  }

  @Test
  @Order(2)
  void aMissingBucketIsRetriedReportedAndRecovered() {
    String project = management.createProject(Management.unique("s3-bucket"));
    Management.Environment staging = management.environment(project, "staging");
    String serverKey = management.currentKey(project, "staging", "server");
    ObjectStore store = service.getBean(ObjectStore.class);
    await()
        .atMost(ChangeEvents.patience())
        .until(
            () -> Documents.version(store, SdkType.SERVER, serverKey) == staging.configVersion());
    double failuresBefore = storeFailures();

    try (S3Client s3 = S3.createS3ClientV2()) {
      // the project's other environments may still be publishing: empty the bucket until it
      // can be deleted
      await()
          .atMost(ChangeEvents.patience())
          .ignoreExceptionsInstanceOf(S3Exception.class)
          .until(
              () -> {
                for (S3Object object :
                    s3.listObjectsV2Paginator(b -> b.bucket(BUCKET)).contents()) {
                  s3.deleteObject(b -> b.bucket(BUCKET).key(object.key()));
                }
                s3.deleteBucket(b -> b.bucket(BUCKET));
                return true;
              });

      management.createFeature(project, "checkout", false);
      long next = management.environment(project, "staging").configVersion();

      await()
          .atMost(ChangeEvents.patience())
          .until(
              () ->
                  health()
                      .path("components")
                      .path("publishing")
                      .path("status")
                      .asString()
                      .equals("DOWN"));
      JsonNode publishing = health().path("components").path("publishing");
      assertThat(publishing.path("details").path("stage").asString()).isEqualTo("store");
      assertThat(publishing.path("details").path("cause").asString())
          .containsIgnoringCase("bucket");
      await().atMost(ChangeEvents.patience()).until(() -> storeFailures() >= failuresBefore + 2);
      assertThat(
              published
                  .latest(staging.id(), SdkType.SERVER)
                  .map(ConfigPublished::version)
                  .orElse(-1L))
          .isLessThan(next);

      s3.createBucket(b -> b.bucket(BUCKET));

      await()
          .atMost(ChangeEvents.patience())
          .until(
              () ->
                  published
                          .latest(staging.id(), SdkType.SERVER)
                          .map(ConfigPublished::version)
                          .orElse(-1L)
                      == next);
      assertThat(Documents.version(store, SdkType.SERVER, serverKey)).isEqualTo(next);
      await()
          .atMost(ChangeEvents.patience())
          .until(
              () ->
                  health()
                      .path("components")
                      .path("publishing")
                      .path("status")
                      .asString()
                      .equals("UP"));
    }
  }

  @Test
  @Order(3)
  void aStoreThatIsDownIsRetriedUntilItIsBack() {
    String project = management.createProject(Management.unique("s3-down"));
    Management.Environment development = management.environment(project, "development");
    String serverKey = management.currentKey(project, "development", "server");
    ObjectStore store = service.getBean(ObjectStore.class);
    await()
        .atMost(ChangeEvents.patience())
        .until(
            () ->
                Documents.version(store, SdkType.SERVER, serverKey) == development.configVersion());
    double failuresBefore = storeFailures();

    S3.stop();
    try {
      management.createFeature(project, "checkout", false);
      await().atMost(ChangeEvents.patience()).until(() -> storeFailures() >= failuresBefore + 2);
      assertThat(health().path("components").path("publishing").path("status").asString())
          .isEqualTo("DOWN");
    } finally {
      S3.start();
    }
    long next = management.environment(project, "development").configVersion();

    await()
        .atMost(ChangeEvents.patience())
        .until(
            () ->
                published
                        .latest(development.id(), SdkType.SERVER)
                        .map(ConfigPublished::version)
                        .orElse(-1L)
                    == next);
    await()
        .atMost(ChangeEvents.patience())
        .until(
            () ->
                health()
                    .path("components")
                    .path("publishing")
                    .path("status")
                    .asString()
                    .equals("UP"));
  }

  private JsonNode health() {
    return get("/actuator/health");
  }

  private double storeFailures() {
    String text = getText("/actuator/prometheus");
    for (String line : text.split("\n")) {
      if (line.startsWith("switchboard_config_failures_total")
          && line.contains("stage=\"store\"")) {
        return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return 0;
  }

  private JsonNode get(String path) {
    return Management.JSON.readTree(getText(path));
  }

  private String getText(String path) {
    try {
      return http.send(
              HttpRequest.newBuilder(URI.create(ConfigServices.baseUrl(service) + path)).build(),
              HttpResponse.BodyHandlers.ofString())
          .body();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
