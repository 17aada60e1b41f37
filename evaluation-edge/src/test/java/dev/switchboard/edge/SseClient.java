package dev.switchboard.edge;

import com.launchdarkly.eventsource.ConnectStrategy;
import com.launchdarkly.eventsource.ErrorStrategy;
import com.launchdarkly.eventsource.EventSource;
import com.launchdarkly.eventsource.MessageEvent;
import com.launchdarkly.eventsource.StreamHttpErrorException;
import com.launchdarkly.eventsource.background.BackgroundEventHandler;
import com.launchdarkly.eventsource.background.BackgroundEventSource;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/** A real SSE client (LaunchDarkly's okhttp-eventsource) that records what it receives. */
final class SseClient implements AutoCloseable {
  final List<MessageEvent> events = new CopyOnWriteArrayList<>();
  final List<String> comments = new CopyOnWriteArrayList<>();
  final List<Integer> httpErrors = new CopyOnWriteArrayList<>();
  final AtomicInteger opened = new AtomicInteger();
  final AtomicInteger closed = new AtomicInteger();
  private final BackgroundEventSource source;

  SseClient(URI uri, @Nullable String authorization, @Nullable String lastEventId) {
    var connect = ConnectStrategy.http(uri).readTimeout(30, TimeUnit.SECONDS);
    if (authorization != null) {
      connect = connect.header("Authorization", authorization);
    }
    EventSource.Builder builder =
        new EventSource.Builder(connect)
            .retryDelay(200, TimeUnit.MILLISECONDS)
            .errorStrategy(ErrorStrategy.alwaysContinue());
    if (lastEventId != null) {
      builder.lastEventId(lastEventId);
    }
    source =
        new BackgroundEventSource.Builder(
                new BackgroundEventHandler() {
                  @Override
                  public void onOpen() {
                    opened.incrementAndGet();
                  }

                  @Override
                  public void onClosed() {
                    closed.incrementAndGet();
                  }

                  @Override
                  public void onMessage(String event, MessageEvent message) {
                    events.add(message);
                  }

                  @Override
                  public void onComment(String comment) {
                    comments.add(comment);
                  }

                  @Override
                  public void onError(Throwable error) {
                    if (error instanceof StreamHttpErrorException http) {
                      httpErrors.add(http.getCode());
                    }
                  }
                },
                builder)
            .build();
    source.start();
  }

  /** The {@code id}s of the {@code config-updated} events received, in order. */
  List<Long> versions() {
    return events.stream()
        .filter(event -> event.getEventName().equals("config-updated"))
        .map(event -> Long.parseLong(event.getLastEventId()))
        .toList();
  }

  @Override
  public void close() {
    source.close();
  }

  static final Duration WAIT = Duration.ofSeconds(15);
}
