package dev.switchboard.benchmarks;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.switchboard.bucketing.Config;
import dev.switchboard.bucketing.InvalidConfigException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A minimal evaluation-edge and events-api on 127.0.0.1 for the SDK benchmarks: serves one config
 * document at {@code /sdk/v1/config/server/{key}.json}, holds SSE streams open and, as the edge
 * does (docs/sse.md), announces the document's version on each new stream, and accepts event
 * batches with {@code 202}. Not timed by any benchmark.
 *
 * <p>Its {@link #main} runs it in a JVM of its own for {@link SdkColdStart}, so that the server's
 * start-up and class loading stay out of the measured JVM.
 */
public final class LocalEdge implements AutoCloseable {
  public static final String SERVER_KEY = "server-bench";

  private final HttpServer server;
  private final ExecutorService executor;
  private final byte[] document;
  private final long version;
  public final AtomicInteger batches = new AtomicInteger();

  /**
   * Serves the documented example until its standard input ends (its parent JVM closes it or
   * exits); prints its base URI as the first line of its standard output once it has answered a
   * download and a stream of its own, so that the first request it serves is not its first.
   */
  public static void main(String[] args) throws IOException {
    try (LocalEdge edge = new LocalEdge(SwitchboardSdk.readConfig())) {
      edge.warmUp();
      System.out.println(edge.uri());
      System.out.flush();
      System.in.transferTo(OutputStream.nullOutputStream());
    }
    System.exit(0);
  }

  public LocalEdge(byte[] document) throws IOException {
    this.document = document;
    this.version = versionOf(document);
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
    executor =
        Executors.newCachedThreadPool(
            r -> {
              Thread thread = new Thread(r, "bench-local-edge");
              thread.setDaemon(true);
              return thread;
            });
    server.setExecutor(executor);
    server.createContext("/sdk/v1/config/server/", this::config);
    server.createContext("/sdk/v1/stream", this::stream);
    server.createContext("/v1/events/batch", this::events);
    server.start();
  }

  public URI uri() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  private static long versionOf(byte[] document) {
    try {
      return Config.parse(document).version();
    } catch (InvalidConfigException e) {
      return -1; // an events-only edge: nothing to announce
    }
  }

  private void warmUp() throws IOException {
    HttpURLConnection download =
        (HttpURLConnection)
            uri().resolve("/sdk/v1/config/server/" + SERVER_KEY + ".json").toURL().openConnection();
    try (InputStream in = download.getInputStream()) {
      in.readAllBytes();
    }
    HttpURLConnection stream =
        (HttpURLConnection) uri().resolve("/sdk/v1/stream").toURL().openConnection();
    try (InputStream in = stream.getInputStream()) {
      in.read(new byte[256]);
    } finally {
      stream.disconnect();
    }
  }

  private void config(HttpExchange exchange) throws IOException {
    try (exchange) {
      exchange.getRequestBody().readAllBytes();
      exchange.getResponseHeaders().set("ETag", "\"bench\"");
      if ("\"bench\"".equals(exchange.getRequestHeaders().getFirst("If-None-Match"))) {
        exchange.sendResponseHeaders(304, -1);
        return;
      }
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, document.length);
      exchange.getResponseBody().write(document);
    }
  }

  private void stream(HttpExchange exchange) throws IOException {
    exchange.getRequestBody().readAllBytes();
    exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
    exchange.sendResponseHeaders(200, 0);
    OutputStream out = exchange.getResponseBody();
    try {
      out.write("retry: 3000\n\n".getBytes(StandardCharsets.UTF_8));
      if (version >= 0) {
        out.write(
            ("event: config-updated\nid: "
                    + version
                    + "\ndata: {\"version\":"
                    + version
                    + ",\"etag\":\"bench\"}\n\n")
                .getBytes(StandardCharsets.UTF_8));
      }
      out.flush();
      while (!Thread.currentThread().isInterrupted()) {
        Thread.sleep(15_000);
        out.write(": heartbeat\n\n".getBytes(StandardCharsets.UTF_8));
        out.flush();
      }
    } catch (IOException | InterruptedException e) {
      // client gone or server stopping
    } finally {
      exchange.close();
    }
  }

  private void events(HttpExchange exchange) throws IOException {
    try (exchange) {
      exchange.getRequestBody().readAllBytes();
      batches.incrementAndGet();
      exchange.sendResponseHeaders(202, -1);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
