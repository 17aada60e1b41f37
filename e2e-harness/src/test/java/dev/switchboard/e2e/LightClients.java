package dev.switchboard.e2e;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;

/**
 * Many lightweight stand-ins for the SDK, for the propagation benchmark's 1,000-client case (the
 * issue allows them, and the report says so): each holds its own SSE stream on {@code
 * /sdk/v1/stream} and, on a {@code config-updated} event newer than what it holds, downloads the
 * document with {@code If-None-Match} exactly as the SDK does, then reports the downloaded
 * document's version. Unlike the SDK it neither asks for gzip nor builds an evaluator from the
 * document (it reads it as a JSON tree and takes {@code version}), and all clients share one JDK
 * {@link HttpClient} and four threads instead of a few threads each, so that 1,000 of them fit on
 * this machine next to the platform.
 */
final class LightClients implements AutoCloseable {
  private static final Pattern VERSION = Pattern.compile("\"version\"\\s*:\\s*(\\d+)");

  private final ExecutorService executor = Executors.newFixedThreadPool(4);
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(10))
          .executor(executor)
          .build();
  private final List<Client> clients = new ArrayList<>();

  /** Starts {@code count} clients; each reports every new document version to {@code listener}. */
  LightClients(URI edge, String serverKey, int count, LongConsumer listener) {
    for (int i = 0; i < count; i++) {
      Client client = new Client(edge, serverKey, listener);
      clients.add(client);
      client.connect();
    }
  }

  /** Waits until every client holds a document; fails at once if one of them failed. */
  void awaitInitialization(Duration timeout) {
    Awaitility.await("every light client holds a document")
        .atMost(timeout)
        .until(
            () -> {
              for (Client client : clients) {
                if (client.failure != null) {
                  throw new IllegalStateException("a light client failed", client.failure);
                }
              }
              return clients.stream().allMatch(client -> client.version.get() >= 0);
            });
  }

  @Override
  public void close() {
    clients.forEach(Client::close);
    executor.shutdownNow();
  }

  private final class Client implements Flow.Subscriber<String> {
    private final URI config;
    private final HttpRequest stream;
    private final String serverKey;
    private final LongConsumer listener;
    private final AtomicLong version = new AtomicLong(-1);
    private volatile String etag;
    private volatile Flow.Subscription subscription;
    private volatile Throwable failure;
    private boolean updateEvent;

    Client(URI edge, String serverKey, LongConsumer listener) {
      this.serverKey = serverKey;
      this.listener = listener;
      this.config = edge.resolve("/sdk/v1/config/server/" + serverKey + ".json");
      this.stream =
          HttpRequest.newBuilder(edge.resolve("/sdk/v1/stream"))
              .header("Authorization", serverKey)
              .header("Accept", "text/event-stream")
              .build();
    }

    void connect() {
      http.sendAsync(stream, HttpResponse.BodyHandlers.fromLineSubscriber(this))
          .whenComplete(
              (response, error) -> {
                if (error != null) {
                  failure = error;
                } else if (response.statusCode() != 200) {
                  failure = new IllegalStateException("stream answered " + response.statusCode());
                }
              });
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
      this.subscription = subscription;
      subscription.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(String line) {
      if (line.startsWith("event:")) {
        updateEvent = line.substring(6).trim().equals("config-updated");
      } else if (line.startsWith("data:") && updateEvent) {
        Matcher matcher = VERSION.matcher(line);
        if (matcher.find() && Long.parseLong(matcher.group(1)) > version.get()) {
          refetch();
        }
      } else if (line.isEmpty()) {
        updateEvent = false;
      }
    }

    private void refetch() {
      HttpRequest.Builder request =
          HttpRequest.newBuilder(config)
              .header("Authorization", serverKey)
              .header("Accept", "application/json");
      String held = etag;
      if (held != null) {
        request.header("If-None-Match", held);
      }
      CompletableFuture<HttpResponse<String>> download =
          http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString());
      download.whenComplete(
          (response, error) -> {
            if (error != null) {
              failure = error;
              return;
            }
            if (response.statusCode() != 200) {
              return; // 304: nothing new
            }
            long downloaded = Platform.JSON.readTree(response.body()).path("version").asLong(-1);
            if (downloaded < 0) {
              failure = new IllegalStateException("document without a version");
              return;
            }
            if (version.getAndAccumulate(downloaded, Math::max) < downloaded) {
              etag = response.headers().firstValue("ETag").orElse(null);
              listener.accept(downloaded);
            }
          });
    }

    @Override
    public void onError(Throwable throwable) {
      failure = throwable;
    }

    @Override
    public void onComplete() {
      // the stream ended (the edge stopped): the benchmark fails on the missing arrivals
    }

    void close() {
      Flow.Subscription current = subscription;
      if (current != null) {
        current.cancel();
      }
    }
  }
}
