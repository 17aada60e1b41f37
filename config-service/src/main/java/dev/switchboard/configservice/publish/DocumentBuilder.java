package dev.switchboard.configservice.publish;

import dev.switchboard.bucketing.ConfigDocument;
import dev.switchboard.bucketing.InvalidConfigException;
import dev.switchboard.configservice.ConfigServiceProperties;
import dev.switchboard.contracts.SdkType;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * Builds the server and client documents of one snapshot with bucketing-core's own model and
 * serializer ({@link ConfigDocument}): both are validated by the engine SDKs run, written compact
 * (no whitespace, no null members), hashed for the ETag and gzip-compressed for the store.
 */
@Component
class DocumentBuilder {
  private static final HexFormat HEX = HexFormat.of();

  private final boolean gzip;
  private final Map<SdkType, Timer> buildTimers = new EnumMap<>(SdkType.class);
  private final Map<SdkType, DistributionSummary> sizes = new EnumMap<>(SdkType.class);
  private final Map<SdkType, DistributionSummary> storedSizes = new EnumMap<>(SdkType.class);

  DocumentBuilder(ConfigServiceProperties properties, MeterRegistry meters) {
    this.gzip = properties.objectStore().gzip();
    for (SdkType type : SdkType.values()) {
      buildTimers.put(
          type,
          Timer.builder("switchboard.config.build")
              .description("Building one document: validate, serialize, hash, compress")
              .tag("type", type.wireName())
              .publishPercentiles(0.5, 0.99)
              .register(meters));
      sizes.put(
          type,
          DistributionSummary.builder("switchboard.config.document.size")
              .description("Uncompressed size of a built document")
              .baseUnit("bytes")
              .tag("type", type.wireName())
              .register(meters));
      storedSizes.put(
          type,
          DistributionSummary.builder("switchboard.config.document.stored.size")
              .description("Size of a document as stored (gzip-compressed unless disabled)")
              .baseUnit("bytes")
              .tag("type", type.wireName())
              .register(meters));
    }
  }

  /**
   * Both documents of a snapshot's server document.
   *
   * @throws InvalidConfigException when bucketing-core rejects the document (nothing is stored)
   */
  Map<SdkType, BuiltDocument> build(JsonNode serverDocument) throws InvalidConfigException {
    Map<SdkType, BuiltDocument> built = new EnumMap<>(SdkType.class);
    long start = System.nanoTime();
    ConfigDocument server = ConfigDocument.of(serverDocument);
    built.put(SdkType.SERVER, finish(SdkType.SERVER, server, start));
    start = System.nanoTime();
    built.put(SdkType.CLIENT, finish(SdkType.CLIENT, server.clientView(), start));
    return built;
  }

  private BuiltDocument finish(SdkType type, ConfigDocument document, long start) {
    byte[] bytes = document.toBytes();
    byte[] body = gzip ? gzip(bytes) : bytes;
    BuiltDocument built =
        new BuiltDocument(
            type, document.version(), bytes.length, etag(bytes), body, gzip ? "gzip" : null);
    buildTimers
        .get(type)
        .record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS);
    sizes.get(type).record(bytes.length);
    storedSizes.get(type).record(body.length);
    return built;
  }

  /** An opaque, strong validator: the first 128 bits of the SHA-256 of the bytes, in hex. */
  static String etag(byte[] bytes) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes);
      return HEX.formatHex(digest, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  static byte[] gzip(byte[] bytes) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, bytes.length / 4));
    try (GZIPOutputStream zip = new GZIPOutputStream(out, 8192)) {
      zip.write(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException("gzip into memory cannot fail", e);
    }
    return out.toByteArray();
  }
}
