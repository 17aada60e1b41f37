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
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPOutputStream;
import org.springframework.stereotype.Component;

/**
 * Builds the server and client documents of one snapshot with bucketing-core's own model and
 * serializer ({@link ConfigDocument}): both are validated by the engine SDKs run, written compact
 * (no whitespace, no null members), hashed for the ETag and gzip-compressed for the store.
 */
@Component
class DocumentBuilder implements AutoCloseable {
  private static final HexFormat HEX = HexFormat.of();

  /**
   * Threads that build client documents, one per refresh that can run at once: the Kafka listener's
   * consumers (3 by default), the key sweep and a rebuild. An idle one costs nothing.
   */
  private static final int CLIENT_BUILDERS = 4;

  private static final AtomicInteger WORKER_NUMBER = new AtomicInteger();

  private final boolean gzip;
  private final ExecutorService workers;
  private final Map<SdkType, Timer> buildTimers = new EnumMap<>(SdkType.class);
  private final Map<SdkType, DistributionSummary> sizes = new EnumMap<>(SdkType.class);
  private final Map<SdkType, DistributionSummary> storedSizes = new EnumMap<>(SdkType.class);

  DocumentBuilder(ConfigServiceProperties properties, MeterRegistry meters) {
    this.gzip = properties.objectStore().gzip();
    this.workers = Executors.newFixedThreadPool(CLIENT_BUILDERS, DocumentBuilder::worker);
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
   * Both documents of a snapshot's server document (UTF-8 JSON).
   *
   * <p>The server document is validated first; then its client view (derived from the validated
   * tree, without copying it) is built, validated, hashed and compressed on another thread while
   * this one hashes and compresses the server document.
   *
   * @throws InvalidConfigException when bucketing-core rejects the document (nothing is stored)
   */
  Map<SdkType, BuiltDocument> build(byte[] serverDocument) throws InvalidConfigException {
    long start = System.nanoTime();
    ConfigDocument server = ConfigDocument.parse(serverDocument);
    Callable<BuiltDocument> clientTask =
        () -> {
          long clientStart = System.nanoTime();
          return finish(SdkType.CLIENT, server.clientView(), clientStart);
        };
    Future<BuiltDocument> client;
    try {
      client = workers.submit(clientTask);
    } catch (RejectedExecutionException e) { // shutting down: build it here
      FutureTask<BuiltDocument> here = new FutureTask<>(clientTask);
      here.run();
      client = here;
    }
    Map<SdkType, BuiltDocument> built = new EnumMap<>(SdkType.class);
    built.put(SdkType.SERVER, finish(SdkType.SERVER, server, start));
    built.put(SdkType.CLIENT, await(client));
    return built;
  }

  private static BuiltDocument await(Future<BuiltDocument> client) throws InvalidConfigException {
    boolean interrupted = false;
    try {
      while (true) {
        try {
          return client.get();
        } catch (InterruptedException e) {
          interrupted = true; // the client document is a few milliseconds away: finish it
        }
      }
    } catch (ExecutionException e) {
      if (e.getCause() instanceof InvalidConfigException invalid) {
        throw invalid;
      }
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new IllegalStateException("building the client document failed", e.getCause());
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  public void close() {
    workers.shutdown();
  }

  private static Thread worker(Runnable task) {
    Thread thread = new Thread(task, "client-document-" + WORKER_NUMBER.incrementAndGet());
    thread.setDaemon(true);
    return thread;
  }

  private BuiltDocument finish(SdkType type, ConfigDocument document, long start) {
    byte[] bytes = document.toBytes();
    byte[] body = gzip ? gzip(bytes) : bytes;
    BuiltDocument built =
        new BuiltDocument(
            type,
            document.config().projectKey(),
            document.config().environmentKey(),
            document.version(),
            bytes.length,
            etag(bytes),
            body,
            gzip ? "gzip" : null);
    buildTimers.get(type).record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
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
