package dev.switchboard.sdk;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A real HTTP server (the JDK's) speaking the SDK protocols of docs/sse.md and docs/events.md: the
 * config download with ETags, the SSE stream with {@code config-updated} events, and the events
 * batch endpoint. Tests steer its answers and read what it received.
 */
final class EdgeServer implements AutoCloseable {
  static final JsonMapper JSON = JsonMapper.builder().build();
  static final String KEY = "server-test-key";

  private final HttpServer server;
  private final ExecutorService executor;

  private volatile byte[] document;
  private volatile long version;
  private volatile String etag;
  private volatile int configStatus = 200;
  private volatile int streamStatus = 200;
  private volatile boolean gzip = true;
  private volatile boolean announceOnConnect = true;
  private final List<StreamConnection> streams = new CopyOnWriteArrayList<>();
  final AtomicInteger configRequests = new AtomicInteger();
  final AtomicInteger notModified = new AtomicInteger();
  final AtomicInteger streamConnects = new AtomicInteger();
  final List<Map<String, List<String>>> configRequestHeaders = new CopyOnWriteArrayList<>();
  final List<String> streamLastEventIds = new CopyOnWriteArrayList<>();
  final List<String> requestTargets = new CopyOnWriteArrayList<>();

  // events-api
  final List<JsonNode> batches = new CopyOnWriteArrayList<>();
  final List<String> batchAuthorizations = new CopyOnWriteArrayList<>();
  private final ConcurrentLinkedQueue<int[]> scriptedEventAnswers = new ConcurrentLinkedQueue<>();
  private volatile CountDownLatch holdEvents;

  EdgeServer() {
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    executor =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "test-edge-server");
              t.setDaemon(true);
              return t;
            });
    server.setExecutor(executor);
    server.createContext("/sdk/v1/config/server/", this::config);
    server.createContext("/sdk/v1/stream", this::stream);
    server.createContext("/v1/events/batch", this::events);
    server.start();
  }

  URI uri() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  int port() {
    return server.getAddress().getPort();
  }

  /** Serves {@code json} as the current document from now on (no announcement). */
  void serve(String json, long version) {
    this.document = json.getBytes(StandardCharsets.UTF_8);
    this.version = version;
    this.etag = "\"etag-" + version + "-" + Integer.toHexString(json.hashCode()) + "\"";
  }

  /** Serves a new document and announces it on every open stream. */
  void publish(String json, long version) {
    serve(json, version);
    announce(version);
  }

  void announce(long version) {
    announce(version, "\"etag\":\"e\"");
  }

  /**
   * Serves a new document and announces it with the document in the event, as the edge does for
   * small documents (docs/sse.md).
   */
  void publishInline(String json, long version) {
    serve(json, version);
    String unquoted = etag.substring(1, etag.length() - 1);
    announce(version, "\"etag\":\"" + unquoted + "\",\"document\":" + json.replace("\n", " "));
  }

  /** A {@code config-updated} event of {@code version} with more members after the version. */
  private void announce(long version, String moreMembers) {
    for (StreamConnection stream : streams) {
      stream.send(
          "event: config-updated\nid: "
              + version
              + "\ndata: {\"version\":"
              + version
              + ","
              + moreMembers
              + "}\n\n");
    }
  }

  /** An event without a version: the SDK downloads the document (conditionally) to see. */
  void announceUnversioned() {
    for (StreamConnection stream : streams) {
      stream.send("event: config-updated\ndata: {}\n\n");
    }
  }

  void heartbeat() {
    for (StreamConnection stream : streams) {
      stream.send(": heartbeat\n\n");
    }
  }

  /** Ends every open stream, as an edge shutting down or a network drop would. */
  void dropStreams() {
    for (StreamConnection stream : streams) {
      stream.end();
    }
  }

  int openStreams() {
    return streams.size();
  }

  void configStatus(int status) {
    this.configStatus = status;
  }

  void streamStatus(int status) {
    this.streamStatus = status;
  }

  void gzip(boolean gzip) {
    this.gzip = gzip;
  }

  void announceOnConnect(boolean announce) {
    this.announceOnConnect = announce;
  }

  /** The next event batches get these answers, in order: {status, retryAfterSeconds or -1}. */
  void scriptEventAnswers(int[]... answers) {
    Collections.addAll(scriptedEventAnswers, answers);
  }

  /** Event requests wait until {@link #releaseEvents()}. */
  void holdEvents() {
    holdEvents = new CountDownLatch(1);
  }

  void releaseEvents() {
    CountDownLatch latch = holdEvents;
    if (latch != null) {
      latch.countDown();
    }
  }

  private void config(HttpExchange exchange) throws IOException {
    try (exchange) {
      configRequests.incrementAndGet();
      configRequestHeaders.add(Map.copyOf(exchange.getRequestHeaders()));
      requestTargets.add(exchange.getRequestURI().toString());
      drain(exchange);
      String path = exchange.getRequestURI().getPath();
      if (!path.equals("/sdk/v1/config/server/" + KEY + ".json")) {
        exchange.sendResponseHeaders(401, -1);
        return;
      }
      if (configStatus != 200 || document == null) {
        exchange.sendResponseHeaders(configStatus == 200 ? 404 : configStatus, -1);
        return;
      }
      String ifNoneMatch = exchange.getRequestHeaders().getFirst("If-None-Match");
      exchange.getResponseHeaders().set("ETag", etag);
      if (etag.equals(ifNoneMatch)) {
        notModified.incrementAndGet();
        exchange.sendResponseHeaders(304, -1);
        return;
      }
      byte[] body = document;
      String acceptEncoding = exchange.getRequestHeaders().getFirst("Accept-Encoding");
      if (gzip && acceptEncoding != null && acceptEncoding.contains("gzip")) {
        ByteArrayOutputStream compressed = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(compressed)) {
          out.write(body);
        }
        body = compressed.toByteArray();
        exchange.getResponseHeaders().set("Content-Encoding", "gzip");
      }
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
    }
  }

  private void stream(HttpExchange exchange) throws IOException {
    streamConnects.incrementAndGet();
    requestTargets.add(exchange.getRequestURI().toString());
    drain(exchange);
    String lastEventId = exchange.getRequestHeaders().getFirst("Last-Event-ID");
    streamLastEventIds.add(String.valueOf(lastEventId));
    if (!KEY.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
      exchange.sendResponseHeaders(401, -1);
      exchange.close();
      return;
    }
    if (streamStatus != 200) {
      exchange.sendResponseHeaders(streamStatus, -1);
      exchange.close();
      return;
    }
    exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
    exchange.sendResponseHeaders(200, 0);
    StreamConnection connection = new StreamConnection(exchange);
    connection.send("retry: 10\n\n");
    long held = lastEventId == null ? -1 : Long.parseLong(lastEventId);
    if (announceOnConnect && document != null && held < version) {
      connection.send(
          "event: config-updated\nid: "
              + version
              + "\ndata: {\"version\":"
              + version
              + ",\"etag\":\"e\"}\n\n");
    }
    streams.add(connection);
    try {
      connection.pump();
    } finally {
      streams.remove(connection);
      exchange.close();
    }
  }

  private void events(HttpExchange exchange) throws IOException {
    try (exchange) {
      requestTargets.add(exchange.getRequestURI().toString());
      InputStream in = exchange.getRequestBody();
      if ("gzip".equals(exchange.getRequestHeaders().getFirst("Content-Encoding"))) {
        in = new GZIPInputStream(in);
      }
      JsonNode batch = JSON.readTree(in.readAllBytes());
      CountDownLatch hold = holdEvents;
      if (hold != null) {
        try {
          hold.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      batchAuthorizations.add(
          String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
      batches.add(batch);
      int[] answer = scriptedEventAnswers.poll();
      int status = answer == null ? 202 : answer[0];
      if (answer != null && answer[1] >= 0) {
        exchange.getResponseHeaders().set("Retry-After", String.valueOf(answer[1]));
      }
      byte[] body =
          ("{\"batchId\":\"" + batch.path("batchId").asString("") + "\",\"duplicate\":false}")
              .getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      exchange.sendResponseHeaders(status, body.length);
      exchange.getResponseBody().write(body);
    }
  }

  /** Every evaluation row of every received batch. */
  List<JsonNode> evaluationRows() {
    List<JsonNode> rows = new ArrayList<>();
    for (JsonNode batch : batches) {
      batch.path("evaluations").forEach(rows::add);
    }
    return rows;
  }

  /** Every custom event of every received batch. */
  List<JsonNode> customEvents() {
    List<JsonNode> rows = new ArrayList<>();
    for (JsonNode batch : batches) {
      batch.path("custom").forEach(rows::add);
    }
    return rows;
  }

  private static void drain(HttpExchange exchange) throws IOException {
    exchange.getRequestBody().readAllBytes();
  }

  @Override
  public void close() {
    dropStreams();
    releaseEvents();
    server.stop(0);
    executor.shutdownNow();
  }

  private static final class StreamConnection {
    private static final String END = "\u0000end";
    private final HttpExchange exchange;
    private final BlockingQueue<String> outbox = new LinkedBlockingQueue<>();

    StreamConnection(HttpExchange exchange) {
      this.exchange = exchange;
    }

    void send(String frame) {
      outbox.add(frame);
    }

    void end() {
      outbox.add(END);
    }

    void pump() {
      OutputStream out = exchange.getResponseBody();
      try {
        while (true) {
          String frame = outbox.take();
          if (frame.equals(END)) {
            return;
          }
          out.write(frame.getBytes(StandardCharsets.UTF_8));
          out.flush();
        }
      } catch (IOException | InterruptedException e) {
        // the client went away or the server stops
      }
    }
  }
}
