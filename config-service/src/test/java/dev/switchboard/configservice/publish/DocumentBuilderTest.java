package dev.switchboard.configservice.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.bucketing.Config;
import dev.switchboard.bucketing.InvalidConfigException;
import dev.switchboard.configservice.ConfigServiceProperties;
import dev.switchboard.contracts.SdkType;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

class DocumentBuilderTest {
  private static final String SNAPSHOT_DOCUMENT =
      """
      {"schemaVersion": 1, "project": {"id": "p", "key": "shop"},
       "environment": {"id": "e", "key": "production"}, "version": 9,
       "features": [
         {"key": "banner", "clientVisible": true,
          "variations": [{"key": "a", "values": {"banner": "A"}}],
          "targeting": {"on": true, "offVariation": null, "rules": []}},
         {"key": "pricing", "clientVisible": false,
          "variations": [{"key": "a", "values": {"pricing": "A"}}],
          "targeting": {"on": true, "rules": []}}],
       "variables": [{"key": "banner", "type": "string", "feature": "banner"},
                     {"key": "pricing", "type": "string", "feature": "pricing"}],
       "audiences": []}
      """;

  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

  private DocumentBuilder builder(boolean gzip) {
    ConfigServiceProperties properties =
        new ConfigServiceProperties(
            URI.create("http://localhost:8081"),
            "",
            Duration.ofSeconds(5),
            new ConfigServiceProperties.Topics("c", "p", 3, (short) 1),
            new ConfigServiceProperties.Retry(Duration.ofMillis(200), Duration.ofSeconds(10)),
            Duration.ofSeconds(5),
            true,
            new ConfigServiceProperties.ObjectStore(
                "filesystem", Path.of("objects"), null, "us-east-1", "b", false, gzip));
    return new DocumentBuilder(properties, meters);
  }

  @Test
  void buildsAGzippedServerAndClientDocument() throws Exception {
    Map<SdkType, BuiltDocument> built = builder(true).build(bytes(SNAPSHOT_DOCUMENT));

    BuiltDocument server = built.get(SdkType.SERVER);
    byte[] serverBytes = gunzip(server.body());
    assertThat(server.contentEncoding()).isEqualTo("gzip");
    assertThat(server.size()).isEqualTo(serverBytes.length);
    assertThat(server.version()).isEqualTo(9);
    assertThat(Config.parse(serverBytes).featureKeys()).containsExactly("banner", "pricing");
    assertThat(new String(serverBytes, StandardCharsets.UTF_8)).doesNotContain("null");

    byte[] clientBytes = gunzip(built.get(SdkType.CLIENT).body());
    assertThat(Config.parse(clientBytes).featureKeys()).containsExactly("banner");
  }

  @Test
  void theEtagIsTheFirst128BitsOfTheSha256OfTheUncompressedBytes() throws Exception {
    BuiltDocument server = builder(true).build(bytes(SNAPSHOT_DOCUMENT)).get(SdkType.SERVER);
    byte[] digest =
        java.security.MessageDigest.getInstance("SHA-256").digest(gunzip(server.body()));

    assertThat(server.etag()).isEqualTo(HexFormat.of().formatHex(digest).substring(0, 32));
  }

  @Test
  void theSameInputGivesTheSameEtagAndAChangeAnotherOne() throws Exception {
    DocumentBuilder builder = builder(true);
    String first = builder.build(bytes(SNAPSHOT_DOCUMENT)).get(SdkType.SERVER).etag();
    String again = builder.build(bytes(SNAPSHOT_DOCUMENT)).get(SdkType.SERVER).etag();
    String changed =
        builder
            .build(bytes(SNAPSHOT_DOCUMENT.replace("\"version\": 9", "\"version\": 10")))
            .get(SdkType.SERVER)
            .etag();

    assertThat(again).isEqualTo(first);
    assertThat(changed).isNotEqualTo(first);
  }

  @Test
  void withoutGzipTheBodyIsThePlainJson() throws Exception {
    BuiltDocument server = builder(false).build(bytes(SNAPSHOT_DOCUMENT)).get(SdkType.SERVER);

    assertThat(server.contentEncoding()).isNull();
    assertThat(Config.parse(server.body()).version()).isEqualTo(9);
  }

  @Test
  void aDocumentTheEngineRejectsIsNotBuilt() throws Exception {
    ByteBuffer invalid =
        bytes(SNAPSHOT_DOCUMENT.replace("\"schemaVersion\": 1", "\"schemaVersion\": 99"));

    assertThatThrownBy(() -> builder(true).build(invalid))
        .isInstanceOf(InvalidConfigException.class);
  }

  @Test
  void buildTimeAndSizeAreMeasuredPerType() throws Exception {
    builder(true).build(bytes(SNAPSHOT_DOCUMENT));

    assertThat(meters.get("switchboard.config.build").tag("type", "server").timer().count())
        .isEqualTo(1);
    assertThat(
            meters.get("switchboard.config.document.size").tag("type", "client").summary().count())
        .isEqualTo(1);
  }

  /** The document inside a larger message, as the snapshot holds it. */
  private static ByteBuffer bytes(String json) {
    byte[] document = json.getBytes(StandardCharsets.UTF_8);
    byte[] message = new byte[document.length + 20];
    System.arraycopy(document, 0, message, 10, document.length);
    return ByteBuffer.wrap(message, 10, document.length).slice();
  }

  private static byte[] gunzip(byte[] gzipped) throws Exception {
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gzipped))) {
      return in.readAllBytes();
    }
  }
}
