package dev.switchboard.sdk;

import dev.switchboard.bucketing.User;
import dev.switchboard.sdk.EvaluationCounters.EvaluationCount;
import java.io.IOException;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.zip.GZIPOutputStream;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends evaluation counts and custom events to events-api (docs/events.md) on its own daemon
 * thread: every flush interval, or as soon as the custom-event queue holds a batch's worth. One
 * batch is in flight at a time; a failed batch is retried with backoff under the same {@code
 * batchId} so the service never counts it twice.
 */
final class EventProcessor {
  private static final Logger LOG = LoggerFactory.getLogger(EventProcessor.class);
  private static final int MAX_ATTEMPTS = 5;
  private static final long MAX_RETRY_DELAY_MILLIS = 30_000;

  private final HttpTransport http;
  private final URI batchUri;
  private final String serverKey;
  private final Duration flushInterval;
  private final int flushAt;
  private final boolean gzip;
  private final Clock clock;
  private final ArrayBlockingQueue<CustomEvent> queue;
  private final LongAdder droppedEvents = new LongAdder();
  private final LongAdder droppedBatches = new LongAdder();
  private final AtomicBoolean flushRequested = new AtomicBoolean();
  private final ScheduledExecutorService executor;
  private final List<RetiredCounters> retired = new ArrayList<>();

  private volatile EvaluationCounters counters;
  private volatile boolean stopped;
  private volatile boolean keyRejected;

  /** The batch request being sent, if any: {@link #close} cuts it off. */
  private volatile @Nullable HttpURLConnection inFlight;

  // only touched on the executor thread
  private Instant windowStart;
  private @Nullable PendingBatch pending;

  EventProcessor(
      HttpTransport http,
      URI eventsUri,
      String serverKey,
      Duration flushInterval,
      int flushAt,
      int capacity,
      boolean gzip,
      Clock clock,
      EvaluationCounters initialCounters,
      ThreadNames threads) {
    this.http = http;
    this.batchUri = eventsUri.resolve("/v1/events/batch");
    this.serverKey = serverKey;
    this.flushInterval = flushInterval;
    this.flushAt = flushAt;
    this.gzip = gzip;
    this.clock = clock;
    this.queue = new ArrayBlockingQueue<>(capacity);
    this.counters = initialCounters;
    this.windowStart = clock.instant();
    ScheduledThreadPoolExecutor executor =
        new ScheduledThreadPoolExecutor(1, threads.factory("events"));
    executor.setRemoveOnCancelPolicy(true);
    executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    this.executor = executor;
    long period = flushInterval.toMillis();
    executor.scheduleWithFixedDelay(this::flushSafely, period, period, TimeUnit.MILLISECONDS);
  }

  /** The counters of a newly loaded config; the old ones are drained by the next two flushes. */
  void useCounters(EvaluationCounters next) {
    EvaluationCounters previous = this.counters;
    this.counters = next;
    synchronized (retired) {
      retired.add(new RetiredCounters(previous));
    }
  }

  /** Queues a custom event; never blocks: a full queue drops the event and counts it. */
  void track(User user, String key, @Nullable Double value, @Nullable Map<String, ?> metadata) {
    if (stopped || keyRejected) {
      return;
    }
    CustomEvent event =
        new CustomEvent(key, user.id(), value, sanitise(metadata), clock.instant().toString());
    if (!queue.offer(event)) {
      droppedEvents.increment();
      return;
    }
    if (queue.size() >= flushAt) {
      requestFlush();
    }
  }

  /** Asks for a flush soon, on the events thread; returns at once. */
  void requestFlush() {
    if (!stopped && flushRequested.compareAndSet(false, true)) {
      try {
        executor.execute(this::flushSafely);
      } catch (java.util.concurrent.RejectedExecutionException e) {
        flushRequested.set(false);
      }
    }
  }

  long droppedEvents() {
    return droppedEvents.sum();
  }

  long droppedBatches() {
    return droppedBatches.sum();
  }

  /**
   * Stops the thread after one last flush that may take at most {@code budget}; an unfinished
   * request is cut off when the budget is spent.
   */
  void close(Duration budget) {
    if (stopped) {
      return;
    }
    stopped = true;
    long deadline = System.nanoTime() + budget.toNanos();
    java.util.concurrent.Future<?> last;
    try {
      last = executor.submit(() -> finalFlush(deadline));
    } catch (java.util.concurrent.RejectedExecutionException e) {
      last = null;
    }
    executor.shutdown();
    try {
      if (last != null) {
        last.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      }
    } catch (java.util.concurrent.TimeoutException e) {
      LOG.warn(
          "event flush did not finish within {} ms on close; events dropped", budget.toMillis());
    } catch (java.util.concurrent.ExecutionException e) {
      LOG.warn("event flush on close failed", e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      executor.shutdownNow();
      // a request still in flight (a regular flush the final one queued behind, or the final one
      // past its budget) is cut off, so that no thread outlives close() by its read timeout
      HttpURLConnection connection = inFlight;
      if (connection != null) {
        connection.disconnect();
      }
    }
  }

  private void finalFlush(long deadlineNanos) {
    int remaining = (int) Math.max(1, (deadlineNanos - System.nanoTime()) / 1_000_000);
    if (pending == null) {
      pending = nextBatch();
    }
    if (pending != null && !keyRejected) {
      send(pending, Math.min(remaining, http.connectTimeoutMillis()), remaining);
    }
  }

  private void flushSafely() {
    flushRequested.set(false);
    try {
      flush();
    } catch (RuntimeException e) {
      LOG.error("event flush failed", e);
    }
  }

  private void flush() {
    if (stopped || keyRejected) {
      return;
    }
    if (pending == null) {
      pending = nextBatch();
      if (pending == null) {
        return;
      }
    } else if (System.nanoTime() < pending.notBeforeNanos) {
      return;
    }
    Outcome outcome = send(pending, http.connectTimeoutMillis(), http.readTimeoutMillis());
    if (outcome == Outcome.RETRY) {
      PendingBatch batch = pending;
      batch.attempts++;
      if (batch.attempts >= MAX_ATTEMPTS) {
        LOG.warn("event batch {} dropped after {} attempts", batch.batchId, batch.attempts);
        droppedBatches.increment();
        pending = null;
        return;
      }
      long delay = Math.max(batch.retryAfterMillis, backoffMillis(batch.attempts));
      batch.notBeforeNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(delay);
      if (!stopped) {
        executor.schedule(this::flushSafely, delay, TimeUnit.MILLISECONDS);
      }
    } else if (!queue.isEmpty() && queue.size() >= flushAt) {
      requestFlush();
    }
  }

  /** 1 s, 2 s, 4 s, ... capped, with up to 50% jitter below. */
  static long backoffMillis(int attempt) {
    long base = Math.min(MAX_RETRY_DELAY_MILLIS, 1000L << Math.min(20, attempt - 1));
    return base / 2 + ThreadLocalRandom.current().nextLong(base / 2 + 1);
  }

  private @Nullable PendingBatch nextBatch() {
    Instant now = clock.instant();
    List<EvaluationCount> counts = new ArrayList<>();
    counters.drainTo(counts);
    synchronized (retired) {
      for (int i = retired.size() - 1; i >= 0; i--) {
        RetiredCounters old = retired.get(i);
        old.counters.drainTo(counts);
        // a caller may still hold the old snapshot for a moment: drain it once more, then drop it
        if (old.drains++ >= 1) {
          retired.remove(i);
        }
      }
    }
    List<CustomEvent> custom = new ArrayList<>(Math.min(queue.size(), flushAt));
    queue.drainTo(custom, flushAt);
    if (counts.isEmpty() && custom.isEmpty()) {
      windowStart = now;
      return null;
    }
    Map<String, Object> batch = new LinkedHashMap<>();
    String batchId = UUID.randomUUID().toString();
    batch.put("batchId", batchId);
    batch.put("sdk", Map.of("name", SdkVersion.NAME, "version", SdkVersion.VERSION));
    batch.put("sentAt", now.toString());
    List<Map<String, Object>> evaluations = new ArrayList<>(counts.size());
    for (EvaluationCount count : counts) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("variable", count.variable());
      row.put("feature", count.feature());
      row.put("variation", count.variation());
      row.put("reason", count.reason().name());
      if (count.errorCode() != null) {
        row.put("errorCode", count.errorCode().name());
      }
      row.put("count", count.count());
      row.put("from", windowStart.toString());
      row.put("to", now.toString());
      evaluations.add(row);
    }
    batch.put("evaluations", evaluations);
    List<Map<String, Object>> customRows = new ArrayList<>(custom.size());
    for (CustomEvent event : custom) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("key", event.key());
      row.put("userId", event.userId());
      if (event.value() != null) {
        row.put("value", event.value());
      }
      if (event.metadata() != null) {
        row.put("metadata", event.metadata());
      }
      row.put("timestamp", event.timestamp());
      customRows.add(row);
    }
    batch.put("custom", customRows);
    windowStart = now;
    return new PendingBatch(batchId, Json.mapper().writeValueAsBytes(batch));
  }

  private enum Outcome {
    DONE,
    RETRY
  }

  private Outcome send(PendingBatch batch, int connectTimeoutMillis, int readTimeoutMillis) {
    HttpURLConnection connection = null;
    try {
      connection = http.open(batchUri, connectTimeoutMillis, readTimeoutMillis);
      inFlight = connection;
      connection.setRequestMethod("POST");
      connection.setDoOutput(true);
      connection.setRequestProperty("Authorization", serverKey);
      connection.setRequestProperty("Content-Type", "application/json");
      byte[] body = batch.body;
      if (gzip) {
        connection.setRequestProperty("Content-Encoding", "gzip");
        body = gzip(body);
      }
      connection.setFixedLengthStreamingMode(body.length);
      try (OutputStream out = connection.getOutputStream()) {
        out.write(body);
      }
      int status = connection.getResponseCode();
      if (status >= 200 && status < 300) {
        HttpTransport.readAll(connection.getInputStream(), 1 << 16);
        pending = null;
        return Outcome.DONE;
      }
      HttpTransport.discardErrorBody(connection);
      if (status == 401 || status == 403) {
        keyRejected = true;
        pending = null;
        LOG.error(
            "events-api rejected the server key ({}); no more events are sent by this client",
            status);
        return Outcome.DONE;
      }
      if (status == 503 || status == 429 || status >= 500 || status == 408) {
        batch.retryAfterMillis = retryAfterMillis(connection.getHeaderField("Retry-After"));
        LOG.debug("event batch {} answered {}; will retry", batch.batchId, status);
        return Outcome.RETRY;
      }
      // 400, 413 and other answers will not change on a retry of the same body
      LOG.warn("event batch {} refused with status {}; dropped", batch.batchId, status);
      droppedBatches.increment();
      pending = null;
      return Outcome.DONE;
    } catch (IOException e) {
      LOG.debug("event batch {} not delivered: {}", batch.batchId, e.toString());
      return Outcome.RETRY;
    } finally {
      inFlight = null;
    }
  }

  static long retryAfterMillis(@Nullable String header) {
    if (header == null) {
      return 0;
    }
    try {
      return Math.min(MAX_RETRY_DELAY_MILLIS, Math.max(0, Long.parseLong(header.trim()) * 1000));
    } catch (NumberFormatException e) {
      return 0; // an HTTP date: fall back to our own backoff
    }
  }

  private static byte[] gzip(byte[] body) throws IOException {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(body.length / 4 + 64);
    try (GZIPOutputStream zip = new GZIPOutputStream(out)) {
      zip.write(body);
    }
    return out.toByteArray();
  }

  private static @Nullable Map<String, Object> sanitise(@Nullable Map<String, ?> metadata) {
    if (metadata == null || metadata.isEmpty()) {
      return null;
    }
    Map<String, Object> copy = new LinkedHashMap<>();
    for (Map.Entry<String, ?> entry : metadata.entrySet()) {
      Object value = entry.getValue();
      if (entry.getKey() == null) {
        continue;
      }
      copy.put(
          entry.getKey(),
          value == null
                  || value instanceof String
                  || value instanceof Number
                  || value instanceof Boolean
              ? value
              : String.valueOf(value));
    }
    return copy;
  }

  private record CustomEvent(
      String key,
      String userId,
      @Nullable Double value,
      @Nullable Map<String, Object> metadata,
      String timestamp) {}

  private static final class PendingBatch {
    final String batchId;
    final byte[] body;
    int attempts;
    long retryAfterMillis;
    long notBeforeNanos;

    PendingBatch(String batchId, byte[] body) {
      this.batchId = batchId;
      this.body = body;
    }
  }

  private static final class RetiredCounters {
    final EvaluationCounters counters;
    int drains;

    RetiredCounters(EvaluationCounters counters) {
      this.counters = counters;
    }
  }
}
