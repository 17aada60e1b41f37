package dev.switchboard.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.contracts.ConfigPublished.PublishedKey;
import dev.switchboard.contracts.SdkType;
import dev.switchboard.edge.ConfigServiceStandIn.Env;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

class ConfigEndpointIT extends EdgeTestBase {

  @Test
  void servesTheDocumentWithAStrongEtagAndCacheControl() {
    Env env = publishAndAwait(ConfigServiceStandIn.newEnvironment(), 3);

    HttpResponse<byte[]> response = getConfig(env.serverKey());

    byte[] expected = ConfigServiceStandIn.serverDocument(env, 3);
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo(expected);
    assertThat(response.headers().firstValue("ETag"))
        .hasValue("\"" + ConfigServiceStandIn.etag(expected) + "\"");
    assertThat(response.headers().firstValue("Cache-Control")).hasValue("public, max-age=10");
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
    assertThat(response.headers().firstValue("Vary")).hasValue("Accept-Encoding");
    assertThat(response.headers().firstValue("Content-Encoding")).isEmpty();
  }

  @Test
  void sendsGzipOnlyToClientsThatAcceptIt() throws IOException {
    Env env = publishAndAwait(ConfigServiceStandIn.newEnvironment(), 1);

    HttpResponse<byte[]> gzipped = getConfig(env.serverKey(), "Accept-Encoding", "br, gzip");
    HttpResponse<byte[]> refused = getConfig(env.serverKey(), "Accept-Encoding", "gzip;q=0");

    assertThat(gzipped.headers().firstValue("Content-Encoding")).hasValue("gzip");
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gzipped.body()))) {
      assertThat(in.readAllBytes()).isEqualTo(ConfigServiceStandIn.serverDocument(env, 1));
    }
    assertThat(gzipped.body().length)
        .isLessThan(ConfigServiceStandIn.serverDocument(env, 1).length);
    assertThat(refused.headers().firstValue("Content-Encoding")).isEmpty();
    assertThat(refused.body()).isEqualTo(ConfigServiceStandIn.serverDocument(env, 1));
  }

  @Test
  void answersNotModifiedWhileTheEtagMatchesAndTheNewDocumentOnceItChanges() {
    Env env = publishAndAwait(ConfigServiceStandIn.newEnvironment(), 1);
    String etag = getConfig(env.serverKey()).headers().firstValue("ETag").orElseThrow();

    HttpResponse<byte[]> same = getConfig(env.serverKey(), "If-None-Match", etag);
    HttpResponse<byte[]> listed =
        getConfig(env.serverKey(), "If-None-Match", "\"other\", W/" + etag);
    HttpResponse<byte[]> stale = getConfig(env.serverKey(), "If-None-Match", "\"other\"");

    assertThat(same.statusCode()).isEqualTo(304);
    assertThat(same.body()).isEmpty();
    assertThat(same.headers().firstValue("ETag")).hasValue(etag);
    assertThat(same.headers().firstValue("Cache-Control")).hasValue("public, max-age=10");
    assertThat(listed.statusCode()).isEqualTo(304);
    assertThat(stale.statusCode()).isEqualTo(200);

    publishAndAwait(env, 2);
    HttpResponse<byte[]> changed = getConfig(env.serverKey(), "If-None-Match", etag);
    assertThat(changed.statusCode()).isEqualTo(200);
    assertThat(changed.headers().firstValue("ETag")).isNotEqualTo(java.util.Optional.of(etag));
    assertThat(json(changed).get("version").asLong()).isEqualTo(2);
  }

  @Test
  void neverMovesBackToAnOlderAnnouncedVersion() {
    Env env = publishAndAwait(ConfigServiceStandIn.newEnvironment(), 5);

    configService()
        .publish(
            env,
            SdkType.SERVER,
            4,
            ConfigServiceStandIn.serverDocument(env, 4),
            ConfigServiceStandIn.keys(env.serverKey()));
    publishAndAwait(env, 6);

    assertThat(json(getConfig(env.serverKey())).get("version").asLong()).isEqualTo(6);
  }

  @Test
  void aRotatedKeyWorksUntilItExpires() {
    Env env = publishAndAwait(ConfigServiceStandIn.newEnvironment(), 1);
    String newKey = "server-rotated-" + java.util.UUID.randomUUID();
    Instant expiry = Instant.now().plusSeconds(3);

    configService()
        .publish(
            env,
            SdkType.SERVER,
            2,
            ConfigServiceStandIn.serverDocument(env, 2),
            List.of(new PublishedKey(newKey, null), new PublishedKey(env.serverKey(), expiry)));
    awaitServerVersion(env, 2);

    assertThat(getConfig(newKey).statusCode()).isEqualTo(200);
    assertThat(getConfig(env.serverKey()).statusCode()).isEqualTo(200);
    await("the old key expires")
        .atMost(Duration.ofSeconds(10))
        .until(() -> getConfig(env.serverKey()).statusCode() == 401);
    assertThat(getConfig(newKey).statusCode()).isEqualTo(200);
  }

  @Test
  void aKeyLeftOutOfTheNextAnnouncementIsRevokedAtOnce() {
    Env env = publishAndAwait(ConfigServiceStandIn.newEnvironment(), 1);
    String newKey = "server-new-" + java.util.UUID.randomUUID();

    configService()
        .publish(
            env,
            SdkType.SERVER,
            2,
            ConfigServiceStandIn.serverDocument(env, 2),
            ConfigServiceStandIn.keys(newKey));

    await().atMost(Duration.ofSeconds(20)).until(() -> getConfig(newKey).statusCode() == 200);
    assertThat(getConfig(env.serverKey()).statusCode()).isEqualTo(401);
  }

  @Test
  void aTombstoneRemovesTheEnvironment() {
    Env env = publishAndAwait(ConfigServiceStandIn.newEnvironment(), 1);

    configService().tombstone(env, SdkType.SERVER);

    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> getConfig(env.serverKey()).statusCode() == 401);
  }

  @Test
  void keepsServingThePreviousVersionWhenANewDocumentDoesNotParse() {
    Env env = publishAndAwait(ConfigServiceStandIn.newEnvironment(), 1);

    configService()
        .publish(
            env,
            SdkType.SERVER,
            2,
            "{\"schemaVersion\":1,\"version\":2,\"features\":\"oops\"}".getBytes(),
            ConfigServiceStandIn.keys(env.serverKey()));

    await("version 1 stays served")
        .during(Duration.ofSeconds(1))
        .atMost(Duration.ofSeconds(5))
        .until(() -> json(getConfig(env.serverKey())).get("version").asLong() == 1);
    publishAndAwait(env, 3);
    assertThat(json(getConfig(env.serverKey())).get("version").asLong()).isEqualTo(3);
  }
}
