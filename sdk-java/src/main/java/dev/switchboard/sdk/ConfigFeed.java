package dev.switchboard.sdk;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;

/**
 * Keeps a client's config current from evaluation-edge (docs/sse.md): downloads the document with
 * {@code If-None-Match}, listens on the SSE stream and refetches when it announces a newer version,
 * reconnects with exponential backoff and jitter, and polls while the stream is down (or always,
 * when streaming is off). A {@code 401} is permanent: the feed stops.
 *
 * <p>Threads: {@code switchboard-stream-N} reads the stream; {@code switchboard-config-N} runs
 * every download and poll, one at a time, so documents are applied in order.
 */
final class ConfigFeed {
  private static final Logger LOG = LoggerFactory.getLogger(ConfigFeed.class);
  private static final int MAX_DOCUMENT_BYTES = 16 * 1024 * 1024; // bucketing-core's limit
  // The stream is read with this timeout so that the stream thread sees close() in time; the edge
  // sends its response headers at once, and a slower answer just counts as a failed connection.
  private static final int STREAM_TICK_MILLIS = 500;

  /** What the feed reports to its client. */
  interface Sink {
    /** A downloaded document; returns whether it was applied. */
    void accept(byte[] document, @Nullable String etag);

    /** The version and ETag currently served, or -1 and null before a first config. */
    long currentVersion();

    @Nullable String currentEtag();

    void updatesFlowing();

    void updatesFailing(String message);

    void permanentFailure(String message);
  }

  private final HttpTransport http;
  private final URI configUri;
  private final URI streamUri;
  private final String serverKey;
  private final boolean streaming;
  private final Duration pollInterval;
  private final FeedTimings timings;
  private final Sink sink;
  private final ThreadNames threads;
  private final ScheduledThreadPoolExecutor scheduler;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition wake = lock.newCondition();

  private volatile boolean closed;
  private volatile boolean unauthorized;
  private volatile boolean streamConnected;
  private volatile @Nullable Thread streamThread;
  private volatile long serverRetryMillis;
  private volatile @Nullable String lastEventId;

  /** Reconnect and polling timings; production values in {@link #DEFAULTS}, shorter in tests. */
  record FeedTimings(
      Duration initialReconnectDelay,
      Duration maxReconnectDelay,
      Duration stableConnection,
      Duration streamReadTimeout) {}

  static final FeedTimings DEFAULTS =
      new FeedTimings(
          Duration.ofSeconds(1),
          Duration.ofSeconds(30),
          Duration.ofMinutes(1),
          // the edge sends a heartbeat every 15 s: 2.5 missed heartbeats mean a dead connection
          Duration.ofMillis(37_500));

  ConfigFeed(
      HttpTransport http,
      URI baseUri,
      String serverKey,
      boolean streaming,
      Duration pollInterval,
      FeedTimings timings,
      Sink sink,
      ThreadNames threads) {
    this.http = http;
    String base = withoutTrailingSlashes(baseUri.toString());
    this.configUri =
        URI.create(
            base
                + "/sdk/v1/config/server/"
                + URLEncoder.encode(serverKey, StandardCharsets.UTF_8).replace("+", "%20")
                + ".json");
    this.streamUri = URI.create(base + "/sdk/v1/stream");
    this.serverKey = serverKey;
    this.streaming = streaming;
    this.pollInterval = pollInterval;
    this.timings = timings;
    this.sink = sink;
    this.threads = threads;
    this.scheduler = new ScheduledThreadPoolExecutor(1, threads.factory("config"));
    scheduler.setRemoveOnCancelPolicy(true);
    scheduler.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
  }

  /** Not with a regular expression: compiling one is a few ms of a client's start-up. */
  private static String withoutTrailingSlashes(String uri) {
    int end = uri.length();
    while (end > 0 && uri.charAt(end - 1) == '/') {
      end--;
    }
    return uri.substring(0, end);
  }

  void start() {
    scheduler.execute(this::fetchQuietly);
    long period = pollInterval.toMillis();
    scheduler.scheduleWithFixedDelay(this::poll, period, period, TimeUnit.MILLISECONDS);
    if (streaming) {
      Thread thread = threads.newThread("stream", this::runStream);
      streamThread = thread;
      thread.start();
    }
  }

  /** Tells every thread of the feed to stop; returns at once (see {@link #awaitTermination}). */
  void close() {
    closed = true;
    lock.lock();
    try {
      wake.signalAll();
    } finally {
      lock.unlock();
    }
    scheduler.shutdownNow();
  }

  /** Waits at most {@code budget} for the feed's threads to end after {@link #close()}. */
  void awaitTermination(Duration budget) {
    long deadline = System.nanoTime() + budget.toNanos();
    try {
      Thread thread = streamThread;
      if (thread != null) {
        thread.join(Math.max(1, budget.toMillis()));
      }
      scheduler.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void poll() {
    if (closed || unauthorized || (streaming && streamConnected)) {
      return;
    }
    if (fetchQuietly() && !streaming) {
      sink.updatesFlowing();
    }
  }

  /** Downloads the document once; true when the edge answered (200 or 304). */
  private boolean fetchQuietly() {
    try {
      return fetch();
    } catch (IOException e) {
      if (!closed) {
        LOG.debug("config download failed: {}", e.toString());
        sink.updatesFailing("config download failed: " + e);
      }
      return false;
    } catch (RuntimeException e) {
      LOG.error("config download failed unexpectedly", e);
      return false;
    }
  }

  private boolean fetch() throws IOException {
    if (closed || unauthorized) {
      return false;
    }
    HttpURLConnection connection = http.open(configUri);
    try {
      connection.setRequestProperty("Accept", "application/json");
      connection.setRequestProperty("Accept-Encoding", "gzip");
      String etag = sink.currentEtag();
      if (etag != null) {
        connection.setRequestProperty("If-None-Match", etag);
      }
      int status = connection.getResponseCode();
      if (status == 200) {
        byte[] document = HttpTransport.readAll(HttpTransport.body(connection), MAX_DOCUMENT_BYTES);
        sink.accept(document, connection.getHeaderField("ETag"));
        return true;
      }
      HttpTransport.discardErrorBody(connection);
      if (status == 304) {
        return true;
      }
      if (status == 401 || status == 403) {
        stopForRejectedKey("config download answered " + status);
        return false;
      }
      throw new IOException("config download answered " + status);
    } finally {
      if (closed) {
        connection.disconnect();
      }
    }
  }

  private void stopForRejectedKey(String what) {
    if (!unauthorized) {
      unauthorized = true;
      String message = what + ": the server key is unknown or revoked; updates stopped";
      LOG.error(message);
      sink.permanentFailure(message);
      lock.lock();
      try {
        wake.signalAll();
      } finally {
        lock.unlock();
      }
    }
  }

  private void runStream() {
    int attempt = 0;
    while (!closed && !unauthorized) {
      long connectedAt = 0;
      String failure = "stream ended";
      HttpURLConnection connection = null;
      try {
        connection = http.open(streamUri, http.connectTimeoutMillis(), STREAM_TICK_MILLIS);
        if (closed) {
          return;
        }
        connection.setRequestProperty("Authorization", serverKey);
        connection.setRequestProperty("Accept", "text/event-stream");
        connection.setRequestProperty("Cache-Control", "no-cache");
        String eventId = lastEventId;
        if (eventId != null) {
          connection.setRequestProperty("Last-Event-ID", eventId);
        }
        int status = connection.getResponseCode();
        if (status == 401 || status == 403) {
          HttpTransport.discardErrorBody(connection);
          stopForRejectedKey("stream answered " + status);
          return;
        }
        if (status != 200) {
          HttpTransport.discardErrorBody(connection);
          throw new IOException("stream answered " + status);
        }
        connectedAt = System.nanoTime();
        streamConnected = true;
        sink.updatesFlowing();
        readStream(connection, eventId);
      } catch (IOException e) {
        failure = "stream failed: " + e;
      } catch (RuntimeException e) {
        failure = "stream failed: " + e;
        LOG.error("stream failed unexpectedly", e);
      } finally {
        streamConnected = false;
        if (connection != null) {
          connection.disconnect();
        }
      }
      if (closed || unauthorized) {
        return;
      }
      if (connectedAt != 0
          && System.nanoTime() - connectedAt >= timings.stableConnection().toNanos()) {
        attempt = 0; // a connection that lived a stable minute resets the backoff
      }
      attempt++;
      LOG.debug("{}; reconnecting (attempt {})", failure, attempt);
      sink.updatesFailing(failure);
      pause(reconnectDelayMillis(attempt));
    }
  }

  /**
   * Reads the stream in short timed reads, so that {@link #close} only has to set a flag: a blocked
   * {@link HttpURLConnection} read cannot be cut off from another thread without waiting for it.
   * The connection counts as dead after {@link FeedTimings#streamReadTimeout()} without a byte (2.5
   * missed heartbeats).
   */
  private void readStream(HttpURLConnection connection, @Nullable String eventId)
      throws IOException {
    SseParser parser = new SseParser(eventId, new StreamHandler());
    java.io.InputStream in = connection.getInputStream();
    byte[] buffer = new byte[8192];
    long silenceLimit = timings.streamReadTimeout().toNanos();
    long lastData = System.nanoTime();
    while (!closed) {
      int n;
      try {
        n = in.read(buffer);
      } catch (java.net.SocketTimeoutException tick) {
        if (System.nanoTime() - lastData > silenceLimit) {
          throw new IOException("no data on the stream for " + timings.streamReadTimeout());
        }
        continue;
      }
      if (n < 0) {
        return;
      }
      lastData = System.nanoTime();
      parser.feed(buffer, 0, n);
    }
  }

  /** Exponential from the initial delay (or the server's {@code retry:}), capped, with jitter. */
  long reconnectDelayMillis(int attempt) {
    long initial = Math.max(timings.initialReconnectDelay().toMillis(), serverRetryMillis);
    long max = timings.maxReconnectDelay().toMillis();
    long delay = Math.min(max, initial << Math.min(20, attempt - 1));
    delay = Math.max(1, Math.min(delay, max));
    // "full jitter" in the upper half: reconnects spread out, yet never much sooner than planned
    return delay / 2 + ThreadLocalRandom.current().nextLong(delay / 2 + 1);
  }

  private void pause(long millis) {
    lock.lock();
    try {
      long nanos = TimeUnit.MILLISECONDS.toNanos(millis);
      while (!closed && !unauthorized && nanos > 0) {
        nanos = wake.awaitNanos(nanos);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      closed = true;
    } finally {
      lock.unlock();
    }
  }

  /**
   * The {@code version} member of a {@code config-updated} event's data, or -1 when it has none
   * that reads as a number; throws when the data is not one JSON value. Read with the streaming
   * parser (see {@link Json}), as databind's {@code readTree(data).path("version").asLong(-1)} read
   * it before: when the member repeats, the last one counts.
   */
  static long announcedVersion(String data) {
    try (JsonParser parser = Json.STREAMS.createParser(data)) {
      JsonToken token = parser.nextToken();
      long version = -1;
      if (token == JsonToken.START_OBJECT) {
        while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
          boolean isVersion = "version".equals(parser.currentName());
          JsonToken value = parser.nextToken();
          if (isVersion) {
            version = asLong(parser, value);
          }
          parser.skipChildren();
        }
      } else if (token != null) {
        parser.skipChildren();
      }
      if (token != null && parser.nextToken() != null) {
        throw new IllegalArgumentException("content after the event's JSON value");
      }
      return version;
    }
  }

  /** A document a {@code config-updated} event carries itself, with its ETag (unquoted). */
  record InlineDocument(byte[] document, String etag) {}

  /**
   * The document a {@code config-updated} event's data carries in its {@code document} member
   * (docs/sse.md: small documents travel in the event), exactly as sent, with the event's {@code
   * etag}; null when it carries none (the SDK then downloads the document) or the data cannot be
   * read.
   */
  static @Nullable InlineDocument inlineDocument(String data) {
    try (JsonParser parser = Json.STREAMS.createParser(data)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        return null;
      }
      String etag = null;
      String document = null;
      while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
        String name = parser.currentName();
        JsonToken value = parser.nextToken();
        if ("etag".equals(name) && value == JsonToken.VALUE_STRING) {
          etag = parser.getString();
        } else if ("document".equals(name) && value == JsonToken.START_OBJECT) {
          int start = (int) parser.currentTokenLocation().getCharOffset();
          parser.skipChildren();
          document = data.substring(start, (int) parser.currentLocation().getCharOffset());
        } else {
          parser.skipChildren();
        }
      }
      return etag == null || document == null
          ? null
          : new InlineDocument(document.getBytes(StandardCharsets.UTF_8), etag);
    } catch (RuntimeException e) {
      return null; // not readable: download the document as for any other event
    }
  }

  /**
   * databind's {@code asLong(-1)} of the value at {@code token}: an integer in a long's range, a
   * floating-point number in that range without its fraction, a string of ASCII digits with an
   * optional sign that fits; -1 for anything else.
   */
  private static long asLong(JsonParser parser, JsonToken token) {
    switch (token) {
      case VALUE_NUMBER_INT:
        return parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER
            ? -1
            : parser.getLongValue();
      case VALUE_NUMBER_FLOAT:
        {
          double value = parser.getDoubleValue();
          return value >= Long.MIN_VALUE && value <= Long.MAX_VALUE ? (long) value : -1;
        }
      case VALUE_STRING:
        {
          String text = parser.getString();
          if (!isSignedDigits(text)) {
            return -1;
          }
          try {
            return Long.parseLong(text);
          } catch (NumberFormatException e) {
            return -1;
          }
        }
      default:
        return -1;
    }
  }

  /** {@code [+-]?[0-9]+}. */
  private static boolean isSignedDigits(String text) {
    int start = text.startsWith("+") || text.startsWith("-") ? 1 : 0;
    if (start == text.length()) {
      return false;
    }
    for (int i = start; i < text.length(); i++) {
      if (text.charAt(i) < '0' || text.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }

  private final class StreamHandler implements SseParser.Handler {
    @Override
    public void onEvent(String type, String data, @Nullable String eventId) {
      lastEventId = eventId;
      if (!"config-updated".equals(type)) {
        return;
      }
      long version;
      try {
        version = announcedVersion(data);
      } catch (RuntimeException e) {
        LOG.warn("ignoring malformed config-updated event: {}", data);
        return;
      }
      if (version < 0 || version > sink.currentVersion()) {
        InlineDocument inline = version < 0 ? null : inlineDocument(data);
        try {
          scheduler.execute(
              inline == null
                  ? ConfigFeed.this::fetchQuietly
                  : () -> sink.accept(inline.document(), "\"" + inline.etag() + "\""));
        } catch (java.util.concurrent.RejectedExecutionException e) {
          // closing
        }
      }
    }

    @Override
    public void onRetry(long millis) {
      serverRetryMillis = Math.min(millis, timings.maxReconnectDelay().toMillis());
    }
  }
}
