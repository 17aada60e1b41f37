package dev.switchboard.objectstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.adobe.testing.s3mock.junit5.S3MockExtension;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;

/** The S3 store against S3Mock (a real S3 API server in this JVM), as MinIO users configure it. */
class S3ObjectStoreIT {
  private static final String BUCKET = "switchboard-configs";

  @RegisterExtension
  static final S3MockExtension S3 =
      S3MockExtension.builder()
          .silent()
          .withSecureConnection(false)
          .withInitialBuckets(BUCKET)
          .build();

  private static ObjectStore store;

  @BeforeAll
  static void credentials() {
    // the default provider chain reads these, as it reads AWS_ACCESS_KEY_ID in production
    System.setProperty("aws.accessKeyId", "test-access-key");
    System.setProperty("aws.secretAccessKey", "test-secret-key");
    store = ObjectStores.create(settings(BUCKET, URI.create(endpoint())));
  }

  @AfterAll
  static void close() throws Exception {
    ((AutoCloseable) store).close();
  }

  private static String endpoint() {
    return "http://localhost:" + S3.getHttpPort();
  }

  private static ObjectStoreSettings settings(String bucket, URI endpoint) {
    return new ObjectStoreSettings("s3", null, endpoint, "us-east-1", bucket, true);
  }

  @Test
  void theFactoryBuildsAnS3StoreForTypeS3() {
    assertThat(store).isInstanceOf(S3ObjectStore.class);
    assertThat(((S3ObjectStore) store).bucket()).isEqualTo(BUCKET);
  }

  @Test
  void anObjectIsReadBackWithItsBytesAndHttpMetadata() {
    byte[] body = {31, -117, 8, 0, 1, 2, 3};
    store.put(
        "config/v1/server/server-abc.json", new StoredObject(body, "application/json", "gzip"));

    assertThat(store.get("config/v1/server/server-abc.json"))
        .contains(new StoredObject(body, "application/json", "gzip"));
  }

  @Test
  void whatACdnSeesHasTheContentTypeAndEncoding() {
    store.put(
        "config/v1/client/client-abc.json",
        new StoredObject(new byte[] {1, 2}, "application/json", "gzip"));

    try (S3Client s3 = S3.createS3ClientV2()) {
      HeadObjectResponse head =
          s3.headObject(b -> b.bucket(BUCKET).key("config/v1/client/client-abc.json"));
      assertThat(head.contentType()).isEqualTo("application/json");
      assertThat(head.contentEncoding()).isEqualTo("gzip");
      assertThat(head.contentLength()).isEqualTo(2);
    }
  }

  @Test
  void anObjectWithoutEncodingHasNone() {
    byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
    store.put("plain.json", new StoredObject(body, "application/json", null));

    assertThat(store.get("plain.json")).contains(new StoredObject(body, "application/json", null));
  }

  @Test
  void putReplacesTheObject() {
    store.put("replaced.json", new StoredObject(new byte[] {1}, "application/json", null));
    store.put("replaced.json", new StoredObject(new byte[] {2}, "application/json", null));

    assertThat(store.get("replaced.json").orElseThrow().body()).containsExactly(2);
  }

  @Test
  void aMissingObjectIsEmptyAndDeletingItIsNoError() {
    assertThat(store.get("config/v1/server/nothing.json")).isEmpty();
    store.delete("config/v1/server/nothing.json");
  }

  @Test
  void deleteRemovesTheObject() {
    store.put("gone.json", new StoredObject(new byte[] {1}, "application/json", null));
    store.delete("gone.json");

    assertThat(store.get("gone.json")).isEmpty();
  }

  @Test
  void aMissingBucketIsAnObjectStoreException() throws Exception {
    try (S3ObjectStore missing =
        S3ObjectStore.create(settings("no-such-bucket", URI.create(endpoint())))) {
      StoredObject object = new StoredObject(new byte[] {1}, "application/json", null);

      assertThatThrownBy(() -> missing.put("a.json", object))
          .isInstanceOf(ObjectStoreException.class)
          .hasMessageContaining("no-such-bucket");
      assertThatThrownBy(() -> missing.get("a.json")).isInstanceOf(ObjectStoreException.class);
      assertThatThrownBy(() -> missing.delete("a.json")).isInstanceOf(ObjectStoreException.class);
    }
  }

  @Test
  void aStoreThatIsDownIsAnObjectStoreException() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    try (S3ObjectStore down =
        S3ObjectStore.create(settings(BUCKET, URI.create("http://localhost:" + closedPort)))) {
      assertThatThrownBy(
              () -> down.put("a.json", new StoredObject(new byte[] {1}, "application/json", null)))
          .isInstanceOf(ObjectStoreException.class)
          .hasMessageContaining(BUCKET);
      assertThatThrownBy(() -> down.get("a.json")).isInstanceOf(ObjectStoreException.class);
    }
  }

  @Test
  void aBucketIsRequiredForS3() {
    assertThatThrownBy(
            () ->
                ObjectStores.create(
                    new ObjectStoreSettings("s3", null, URI.create(endpoint()), null, null, true)))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("bucket");
  }
}
