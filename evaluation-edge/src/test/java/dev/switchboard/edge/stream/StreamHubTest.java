package dev.switchboard.edge.stream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.contracts.ConfigPublished;
import dev.switchboard.contracts.ConfigPublished.PublishedKey;
import dev.switchboard.contracts.SdkType;
import dev.switchboard.edge.EdgeProperties;
import dev.switchboard.edge.catalogue.Catalogue;
import dev.switchboard.edge.catalogue.KeyGrant;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Subscription;
import reactor.core.publisher.BaseSubscriber;

class StreamHubTest {
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final Catalogue catalogue = new Catalogue(Clock.systemUTC());

  {
    catalogue.markComplete();
  }

  private final EdgeProperties properties =
      new EdgeProperties(
          Duration.ofSeconds(15),
          Duration.ofSeconds(3),
          Duration.ofSeconds(1),
          Duration.ofSeconds(5),
          4,
          65536,
          "public, max-age=10",
          "p:",
          Duration.ofDays(1),
          Duration.ofMillis(500),
          Duration.ofSeconds(10),
          Duration.ofSeconds(5),
          new EdgeProperties.Cors(List.of("*"), Map.of(), Duration.ofMinutes(10)));
  private final StreamHub hub = new StreamHub(catalogue, properties, meters);
  private final KeyGrant grant =
      new KeyGrant("server-a", "env-a", "shop", "production", SdkType.SERVER, null);

  /** Records frames; requests them only when told to, like a client that stopped reading. */
  static final class Reader extends BaseSubscriber<byte[]> {
    final List<String> frames = new CopyOnWriteArrayList<>();
    final boolean reads;

    Reader(boolean reads) {
      this.reads = reads;
    }

    @Override
    protected void hookOnSubscribe(Subscription subscription) {
      if (reads) {
        subscription.request(Long.MAX_VALUE);
      }
    }

    @Override
    protected void hookOnNext(byte[] frame) {
      frames.add(new String(frame, StandardCharsets.UTF_8));
    }
  }

  @Test
  void aStreamThatStopsReadingIsClosedWithoutHoldingUpTheOthers() {
    catalogue.announce(
        new ConfigPublished(
            "env-a",
            "shop",
            "production",
            "server",
            1,
            "e1",
            "k",
            1,
            List.of(new PublishedKey("server-a", null)),
            Instant.now(),
            Instant.now()));
    StreamConnection slow = hub.open(grant, 0);
    StreamConnection fast = hub.open(grant, 0);
    AtomicBoolean aborted = new AtomicBoolean();
    slow.onAbort(() -> aborted.set(true));
    Reader slowReader = new Reader(false);
    Reader fastReader = new Reader(true);
    slow.frames().subscribe(slowReader);
    fast.frames().subscribe(fastReader);

    for (int i = 0; i < 10; i++) {
      hub.heartbeat();
    }

    assertThat(aborted).isTrue();
    assertThat(slowReader.frames).isEmpty();
    assertThat(fastReader.frames).hasSize(11).first().isEqualTo("retry: 3000\n\n");
    assertThat(fastReader.frames.subList(1, 11)).allMatch(frame -> frame.equals(": heartbeat\n\n"));
    assertThat(hub.openCount()).isEqualTo(1);
    assertThat(
            meters.get("switchboard.edge.streams.closed").tag("reason", "slow").counter().count())
        .isEqualTo(1);
  }

  @Test
  void shutdownSendsEachStreamARetryHintWithinTheBoundsAndRefusesNewOnes() {
    StreamConnection stream = hub.open(grant, 0);
    Reader reader = new Reader(true);
    stream.frames().subscribe(reader);

    hub.shutdown();

    assertThat(hub.shuttingDown()).isTrue();
    assertThat(reader.isDisposed()).isTrue();
    String hint = reader.frames.get(reader.frames.size() - 1);
    assertThat(hint).startsWith("retry: ").endsWith("\n\n");
    long delay = Long.parseLong(hint.substring(7).trim());
    assertThat(delay).isBetween(1000L, 5000L);
    assertThat(hub.openCount()).isZero();
  }
}
