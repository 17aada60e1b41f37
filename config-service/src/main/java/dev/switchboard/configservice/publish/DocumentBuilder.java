package dev.switchboard.configservice.publish;

import dev.switchboard.bucketing.ConfigDocument;
import dev.switchboard.bucketing.InvalidConfigException;
import dev.switchboard.configservice.ConfigServiceProperties;
import dev.switchboard.contracts.SdkType;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.security.DigestOutputStream;
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
  Map<SdkType, BuiltDocument> build(ByteBuffer serverDocument) throws InvalidConfigException {
    long start = System.nanoTime();
    ConfigDocument server =
        ConfigDocument.parse(
            serverDocument.array(),
            serverDocument.arrayOffset() + serverDocument.position(),
            serverDocument.remaining());
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

  /**
   * Writes the document once, straight into the hash, a byte count and the compressor, so that no
   * array of its uncompressed size is made when it is stored compressed: arrays of a large
   * document's size are allocated outside G1's young regions and start collections by themselves.
   */
  private BuiltDocument finish(SdkType type, ConfigDocument document, long start) {
    MessageDigest sha256 = sha256();
    ByteArrayOutputStream stored = new ByteArrayOutputStream(gzip ? 16 * 1024 : 256 * 1024);
    long size;
    try (CountingOutputStream counted =
        new CountingOutputStream(
            new DigestOutputStream(gzip ? new GZIPOutputStream(stored, 8192) : stored, sha256))) {
      document.writeTo(counted);
      size = counted.count;
    } catch (IOException e) {
      throw new UncheckedIOException("writing into memory cannot fail", e);
    }
    byte[] body = stored.toByteArray();
    BuiltDocument built =
        new BuiltDocument(
            type,
            document.config().projectKey(),
            document.config().environmentKey(),
            document.version(),
            Math.toIntExact(size),
            HEX.formatHex(sha256.digest(), 0, 16),
            body,
            gzip ? "gzip" : null);
    buildTimers.get(type).record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
    sizes.get(type).record(size);
    storedSizes.get(type).record(body.length);
    return built;
  }

  /** Counts the bytes written through it. */
  private static final class CountingOutputStream extends FilterOutputStream {
    long count;

    CountingOutputStream(OutputStream out) {
      super(out);
    }

    @Override
    public void write(int b) throws IOException {
      out.write(b);
      count++;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
      count += len;
    }
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
