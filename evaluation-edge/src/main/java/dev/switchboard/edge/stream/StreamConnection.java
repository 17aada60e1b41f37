package dev.switchboard.edge.stream;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executor;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

/**
 * One open SSE stream: a bounded queue of encoded frames between the edge's threads and Netty. When
 * the queue is full the client is not reading fast enough; the stream is closed and the client
 * reconnects with its {@code Last-Event-ID}, so no other stream ever waits for it.
 */
final class StreamConnection {
  /** Why a stream ended, for metrics and logs. */
  enum CloseReason {
    CLIENT,
    SLOW,
    KEY_REMOVED,
    SHUTDOWN
  }

  final String key;
  final String recordKey;
  private final Sinks.Many<byte[]> sink;
  private long lastVersion;
  private boolean closed;
  private volatile Runnable abort = () -> {};
  private volatile @Nullable Executor eventLoop;

  StreamConnection(String key, String recordKey, long lastEventId, int bufferFrames) {
    this.key = key;
    this.recordKey = recordKey;
    this.lastVersion = lastEventId;
    this.sink = Sinks.many().unicast().onBackpressureBuffer(new ArrayBlockingQueue<>(bufferFrames));
  }

  /**
   * The Netty event loop of this stream's channel: updates are queued from it, so that the write
   * happens inline instead of being handed over to the loop once per stream.
   */
  void runOn(Executor eventLoop) {
    this.eventLoop = eventLoop;
  }

  @Nullable Executor eventLoop() {
    return eventLoop;
  }

  Flux<byte[]> frames() {
    return sink.asFlux();
  }

  /**
   * How to drop the connection at once (closing the socket): a stream that does not read would
   * never receive a polite end behind the frames already queued for it.
   */
  void onAbort(Runnable abort) {
    this.abort = abort;
  }

  /**
   * Queues a {@code config-updated} frame if {@code version} is newer than what this stream last
   * announced (or its {@code Last-Event-ID}).
   *
   * @return false if the stream is closed or was just closed as too slow
   */
  synchronized boolean sendVersion(long version, byte[] frame) {
    if (closed || version <= lastVersion) {
      return !closed;
    }
    lastVersion = version;
    return send(frame);
  }

  /** Queues any frame; false if the stream is closed or was just closed as too slow. */
  synchronized boolean send(byte[] frame) {
    if (closed) {
      return false;
    }
    Sinks.EmitResult result = sink.tryEmitNext(frame);
    if (result.isSuccess()) {
      return true;
    }
    closed = true;
    sink.tryEmitComplete();
    abort.run();
    return false;
  }

  /** Sends a last frame (if any) and ends the stream. */
  synchronized void close(byte[] lastFrame) {
    if (closed) {
      return;
    }
    if (lastFrame.length > 0) {
      sink.tryEmitNext(lastFrame);
    }
    closed = true;
    sink.tryEmitComplete();
  }

  synchronized void markClosed() {
    closed = true;
  }

  synchronized boolean isClosed() {
    return closed;
  }
}
