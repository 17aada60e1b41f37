package dev.switchboard.sdk;

import static dev.switchboard.sdk.Fixtures.ALICE;
import static dev.switchboard.sdk.Fixtures.BOB;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Evaluation counts and custom events against a local server speaking docs/events.md. */
class EventsIT {
  private EdgeServer server;
  private SwitchboardClient client;

  @BeforeEach
  void startServer() {
    server = new EdgeServer();
    server.serve(Documents.checkout(1, "control"), 1);
  }

  @AfterEach
  void stop() {
    if (client != null) {
      client.close();
    }
    server.close();
  }

  private SwitchboardClient start(SwitchboardClient.Builder builder) {
    client = builder.build();
    client.awaitInitialization(Duration.ofSeconds(5));
    return client;
  }

  private static SwitchboardClient.Builder quietClient(EdgeServer server) {
    return Fixtures.client(server).sendEvents(true).flushInterval(Duration.ofHours(1));
  }

  @Test
  void aggregatesEvaluationsPerVariableVariationAndReason() {
    start(quietClient(server));
    for (int i = 0; i < 700; i++) {
      client.stringValue(ALICE, "checkout-variant", "default");
    }
    for (int i = 0; i < 300; i++) {
      client.stringValue(BOB, "checkout-variant", "default");
    }
    client.booleanValue(BOB, "dark-mode", false);
    client.booleanValue(BOB, "checkout-variant", false); // wrong type
    client.stringValue(BOB, "no-such-variable", "x");
    client.stringValue(BOB, "no-such-variable", "x");

    client.flush();

    await().until(() -> server.batches.size() == 1);
    JsonNode batch = server.batches.get(0);
    assertThat(batch.path("batchId").asString()).hasSize(36);
    assertThat(batch.path("sdk").path("name").asString()).isEqualTo("switchboard-java");
    assertThat(server.batchAuthorizations).containsExactly(EdgeServer.KEY);
    Map<String, Long> counts =
        server.evaluationRows().stream()
            .collect(
                Collectors.toMap(
                    row ->
                        row.path("variable").asString()
                            + "/"
                            + row.path("variation").asString("-")
                            + "/"
                            + row.path("reason").asString()
                            + "/"
                            + row.path("errorCode").asString("-"),
                    row -> row.path("count").asLong()));
    assertThat(counts)
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "checkout-variant/treatment/TARGETING_MATCH/-", 700L,
                "checkout-variant/control/TARGETING_MATCH/-", 300L,
                "dark-mode/on/TARGETING_MATCH/-", 1L,
                "checkout-variant/-/ERROR/TYPE_MISMATCH", 1L,
                "no-such-variable/-/ERROR/FLAG_NOT_FOUND", 2L));
    JsonNode row = server.evaluationRows().get(0);
    assertThat(row.path("from").asString()).isLessThanOrEqualTo(row.path("to").asString());
    JsonNode checkout =
        server.evaluationRows().stream()
            .filter(r -> r.path("variable").asString().equals("checkout-variant"))
            .findFirst()
            .orElseThrow();
    assertThat(checkout.path("feature").asString()).isEqualTo("new-checkout");
  }

  @Test
  void countsFromBeforeAConfigChangeAreStillSent() {
    start(quietClient(server));
    await().until(() -> server.openStreams() == 1);
    client.stringValue(BOB, "checkout-variant", "default");
    server.publish(Documents.checkout(2, "treatment"), 2);
    await().until(() -> client.configVersion() == 2);
    client.stringValue(BOB, "checkout-variant", "default");

    client.flush();

    await().until(() -> server.evaluationRows().size() == 2);
    assertThat(server.evaluationRows())
        .extracting(r -> r.path("variation").asString())
        .containsExactlyInAnyOrder("control", "treatment");
  }

  @Test
  void sendsCustomEventsAsSoonAsABatchIsFull() {
    start(quietClient(server).flushAt(10));
    for (int i = 0; i < 10; i++) {
      client.track(BOB, "purchase", 42.0 + i, Map.of("currency", "EUR"));
    }

    await().until(() -> server.customEvents().size() == 10);
    JsonNode first = server.customEvents().get(0);
    assertThat(first.path("key").asString()).isEqualTo("purchase");
    assertThat(first.path("userId").asString()).isEqualTo("bob");
    assertThat(first.path("value").asDouble()).isEqualTo(42.0);
    assertThat(first.path("metadata").path("currency").asString()).isEqualTo("EUR");
    assertThat(first.path("timestamp").asString()).isNotEmpty();
  }

  @Test
  void flushesOnTheIntervalWithoutBeingAsked() {
    start(Fixtures.client(server).sendEvents(true).flushInterval(Duration.ofMillis(100)));
    client.track(BOB, "signup");

    await().until(() -> server.customEvents().size() == 1);
  }

  @Test
  void aFullQueueDropsAndCountsInsteadOfBlocking() {
    start(quietClient(server).eventCapacity(5));
    for (int i = 0; i < 8; i++) {
      client.track(BOB, "click");
    }
    assertThat(client.droppedEvents()).isEqualTo(3);

    client.flush();

    await().until(() -> server.customEvents().size() == 5);
  }

  @Test
  void retriesAFailedBatchWithTheSameBatchId() {
    server.scriptEventAnswers(new int[] {503, 0}, new int[] {500, -1});
    start(quietClient(server));
    client.track(BOB, "purchase", 1.0, null);
    client.stringValue(BOB, "checkout-variant", "default");

    client.flush();

    await().atMost(Duration.ofSeconds(15)).until(() -> server.batches.size() == 3);
    Set<String> ids =
        server.batches.stream().map(b -> b.path("batchId").asString()).collect(Collectors.toSet());
    assertThat(ids).hasSize(1);
    assertThat(server.batches.get(2)).isEqualTo(server.batches.get(0));
    await().pollDelay(Duration.ofMillis(300)).until(() -> true);
    assertThat(server.batches).as("no further attempt after the 202").hasSize(3);
  }

  @Test
  void aBatchTheServiceRefusesIsNotRetried() {
    server.scriptEventAnswers(new int[] {413, -1});
    start(quietClient(server));
    client.track(BOB, "purchase");
    client.flush();
    await().until(() -> server.batches.size() == 1);

    client.track(BOB, "purchase");
    client.flush();

    await().until(() -> server.batches.size() == 2);
    assertThat(server.batches.get(1).path("batchId"))
        .isNotEqualTo(server.batches.get(0).path("batchId"));
  }

  @Test
  void closeFlushesWhatIsQueued() {
    start(quietClient(server));
    client.track(BOB, "purchase");
    client.stringValue(BOB, "checkout-variant", "default");

    client.close();

    assertThat(server.customEvents()).hasSize(1);
    assertThat(server.evaluationRows()).hasSize(1);
  }

  @Test
  void closeDuringASlowFlushReturnsWithinASecondAndLeavesNoThread() {
    List<Thread> before = ConfigUpdatesIT.switchboardThreads();
    start(quietClient(server));
    server.holdEvents();
    client.track(BOB, "purchase");
    client.flush();
    await().until(() -> server.requestTargets.stream().anyMatch(t -> t.contains("/events")));
    client.track(BOB, "purchase");

    long start = System.nanoTime();
    client.close();

    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(1100));
    // the held request is cut off, not left to its read timeout
    await()
        .atMost(Duration.ofSeconds(1))
        .untilAsserted(
            () ->
                assertThat(ConfigUpdatesIT.switchboardThreads())
                    .filteredOn(Thread::isAlive)
                    .isSubsetOf(before));
    server.releaseEvents();
  }

  @Test
  void sendsNothingWhenEventsAreOff() {
    start(Fixtures.client(server).sendEvents(false).flushInterval(Duration.ofMillis(50)));
    client.track(BOB, "purchase");
    client.stringValue(BOB, "checkout-variant", "default");
    await().pollDelay(Duration.ofMillis(300)).until(() -> true);
    assertThat(server.batches).isEmpty();
    assertThat(List.of(client.droppedEvents())).containsExactly(0L);
  }
}
