package dev.switchboard.sdk;

import static dev.switchboard.sdk.Fixtures.ALICE;
import static dev.switchboard.sdk.Fixtures.BOB;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.bucketing.ErrorCode;
import dev.switchboard.bucketing.Evaluation;
import dev.switchboard.bucketing.Reason;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The client against a local server speaking the config and stream protocols of docs/sse.md. */
class ConfigUpdatesIT {
  private EdgeServer server;
  private final List<SwitchboardClient> clients = new CopyOnWriteArrayList<>();

  @BeforeEach
  void startServer() {
    server = new EdgeServer();
  }

  @AfterEach
  void stop() {
    clients.forEach(SwitchboardClient::close);
    server.close();
  }

  private SwitchboardClient start(SwitchboardClient.Builder builder) {
    SwitchboardClient client = builder.build();
    clients.add(client);
    return client;
  }

  @Test
  void loadsTheConfigAndEvaluatesLocally() {
    server.serve(Documents.checkout(1, "control"), 1);
    SwitchboardClient client = start(Fixtures.client(server));

    assertThat(client.awaitInitialization(Duration.ofSeconds(5))).isTrue();
    assertThat(client.configVersion()).isEqualTo(1);
    assertThat(client.stringValue(ALICE, "checkout-variant", "default")).isEqualTo("treatment");
    Evaluation<String> bob = client.stringEvaluation(BOB, "checkout-variant", "default");
    assertThat(bob.value()).isEqualTo("control");
    assertThat(bob.variationKey()).isEqualTo("control");
    assertThat(bob.reason()).isEqualTo(Reason.TARGETING_MATCH);
    assertThat(bob.ruleId()).isEqualTo("everyone");
    assertThat(client.booleanValue(BOB, "dark-mode", false)).isTrue();
    assertThat(client.allVariables(BOB)).containsOnlyKeys("checkout-variant", "dark-mode");
    await().until(() -> client.state() == ClientState.VALID);
    // the document came gzip-compressed and identified the SDK
    assertThat(server.configRequestHeaders.get(0).get("Accept-encoding")).contains("gzip");
    assertThat(server.configRequestHeaders.get(0).get("User-agent").get(0))
        .startsWith("switchboard-java/");
  }

  @Test
  void aDocumentInTheEventIsAppliedWithoutADownload() {
    server.serve(Documents.checkout(1, "control"), 1);
    SwitchboardClient client = start(Fixtures.client(server));
    client.awaitInitialization(Duration.ofSeconds(5));
    await().until(() -> server.openStreams() == 1);
    int downloads = server.configRequests.get();

    server.publishInline(Documents.checkout(2, "treatment"), 2);

    await().until(() -> client.configVersion() == 2);
    assertThat(client.stringValue(BOB, "checkout-variant", "default")).isEqualTo("treatment");
    assertThat(server.configRequests.get()).isEqualTo(downloads);
    // its ETag is the one a download would have given: the next download is answered 304
    int notModified = server.notModified.get();
    server.announceUnversioned();
    await().until(() -> server.notModified.get() == notModified + 1);
    assertThat(client.configVersion()).isEqualTo(2);
  }

  @Test
  void aConfigUpdatedEventBringsTheNewVersion() {
    server.serve(Documents.checkout(1, "control"), 1);
    SwitchboardClient client = start(Fixtures.client(server));
    List<ConfigChangeEvent> changes = new CopyOnWriteArrayList<>();
    List<ValueChangeEvent> bobsChanges = new CopyOnWriteArrayList<>();
    client.addChangeListener(changes::add);
    client.awaitInitialization(Duration.ofSeconds(5));
    client.addValueChangeListener(BOB, "checkout-variant", "default", bobsChanges::add);
    await().until(() -> server.openStreams() == 1);

    server.publish(Documents.checkout(2, "treatment"), 2);

    await().until(() -> client.configVersion() == 2);
    assertThat(client.stringValue(BOB, "checkout-variant", "default")).isEqualTo("treatment");
    await().until(() -> changes.size() == 2);
    assertThat(changes.get(1).previousVersion()).isEqualTo(1);
    assertThat(changes.get(1).version()).isEqualTo(2);
    assertThat(changes.get(1).changedFeatures()).containsExactly("new-checkout");
    assertThat(changes.get(1).changedVariables()).containsExactly("checkout-variant");
    await().until(() -> bobsChanges.size() == 1);
    assertThat(bobsChanges.get(0).oldValue()).isEqualTo("control");
    assertThat(bobsChanges.get(0).newValue()).isEqualTo("treatment");
  }

  @Test
  void anUnchangedDocumentIsAnswered304() {
    server.serve(Documents.checkout(1, "control"), 1);
    SwitchboardClient client =
        start(
            Fixtures.client(server).streaming(false).pollIntervalUnchecked(Duration.ofMillis(50)));
    List<ConfigChangeEvent> changes = new CopyOnWriteArrayList<>();
    client.addChangeListener(changes::add);

    await().until(() -> server.notModified.get() >= 3);
    assertThat(client.configVersion()).isEqualTo(1);
    assertThat(server.configRequestHeaders.get(1).get("If-none-match")).hasSize(1);
    assertThat(changes).hasSizeLessThanOrEqualTo(1); // at most the first load, no re-application
  }

  @Test
  void reconnectsAfterTheServerDropsTheStreamAndResumesFromTheLastEventId() {
    server.serve(Documents.checkout(1, "control"), 1);
    SwitchboardClient client = start(Fixtures.client(server));
    client.awaitInitialization(Duration.ofSeconds(5));
    await().until(() -> server.openStreams() == 1);

    server.dropStreams();

    await().until(() -> server.streamConnects.get() >= 2 && server.openStreams() == 1);
    assertThat(server.streamLastEventIds.get(server.streamLastEventIds.size() - 1)).isEqualTo("1");
    server.publish(Documents.checkout(2, "treatment"), 2);
    await().until(() -> client.configVersion() == 2);
  }

  @Test
  void pollsWhileTheStreamIsDownAndStopsWhenItIsBack() {
    server.serve(Documents.checkout(1, "control"), 1);
    SwitchboardClient client =
        start(Fixtures.client(server).pollIntervalUnchecked(Duration.ofMillis(100)));
    client.awaitInitialization(Duration.ofSeconds(5));
    await().until(() -> server.openStreams() == 1);
    List<StatusEvent> statuses = new CopyOnWriteArrayList<>();
    client.addStatusListener(statuses::add);

    server.streamStatus(503);
    server.dropStreams();
    await().until(() -> client.state() == ClientState.STALE);
    server.serve(Documents.checkout(2, "treatment"), 2); // not announced: only a poll finds it
    await().until(() -> client.configVersion() == 2);

    server.streamStatus(200);
    await().until(() -> client.state() == ClientState.VALID);
    await().pollDelay(Duration.ofMillis(300)).until(() -> true); // a poll already under way ends
    int requests = server.configRequests.get();
    server.heartbeat();
    await().pollDelay(Duration.ofMillis(400)).until(() -> true);
    assertThat(server.configRequests.get()).as("no polling while streaming").isEqualTo(requests);
    assertThat(statuses).extracting(StatusEvent::state).contains(ClientState.STALE);
  }

  @Test
  void withStreamingOffItOnlyPolls() {
    server.serve(Documents.checkout(1, "control"), 1);
    SwitchboardClient client =
        start(
            Fixtures.client(server).streaming(false).pollIntervalUnchecked(Duration.ofMillis(50)));
    client.awaitInitialization(Duration.ofSeconds(5));

    server.serve(Documents.checkout(2, "treatment"), 2);

    await().until(() -> client.configVersion() == 2);
    assertThat(server.streamConnects.get()).isZero();
    assertThat(client.state()).isEqualTo(ClientState.VALID);
  }

  @Test
  void servesDefaultsWhileTheServerIsDownThenConverges() {
    server.serve(Documents.checkout(1, "control"), 1);
    server.configStatus(503);
    server.streamStatus(503);
    long start = System.nanoTime();
    SwitchboardClient client = start(Fixtures.client(server));
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(500));

    Evaluation<String> early = client.stringEvaluation(BOB, "checkout-variant", "default");
    assertThat(early.value()).isEqualTo("default");
    assertThat(early.reason()).isEqualTo(Reason.ERROR);
    assertThat(early.errorCode()).isEqualTo(ErrorCode.PROVIDER_NOT_READY);
    assertThat(client.awaitInitialization(Duration.ofMillis(100))).isFalse();
    assertThat(client.state()).isEqualTo(ClientState.INITIALIZING);

    server.configStatus(200);
    server.streamStatus(200);
    assertThat(client.awaitInitialization(Duration.ofSeconds(5))).isTrue();
    assertThat(client.stringValue(BOB, "checkout-variant", "default")).isEqualTo("control");
  }

  @Test
  void rejectsACorruptDocumentKeepsTheLastGoodOneAndReportsItOnce() {
    server.serve(Documents.checkout(1, "control"), 1);
    SwitchboardClient client = start(Fixtures.client(server));
    List<StatusEvent> statuses = new CopyOnWriteArrayList<>();
    client.addStatusListener(statuses::add);
    client.awaitInitialization(Duration.ofSeconds(5));
    await().until(() -> server.openStreams() == 1);

    server.publish(Documents.invalid(2), 2);
    await().until(() -> statuses.stream().anyMatch(StatusEvent::configRejected));
    int requests = server.configRequests.get();
    server.announce(2); // the same broken document is fetched again
    await().until(() -> server.configRequests.get() > requests);
    server.publish("{\"schemaVersion\": 1, \"trunc", 3); // not even JSON
    await().until(() -> statuses.stream().filter(StatusEvent::configRejected).count() == 2);

    assertThat(client.configVersion()).isEqualTo(1);
    assertThat(client.stringValue(BOB, "checkout-variant", "default")).isEqualTo("control");
    StatusEvent rejection = statuses.stream().filter(StatusEvent::configRejected).findFirst().get();
    assertThat(rejection.message()).contains("/features/0/targeting/rules/1/serve");

    server.publish(Documents.checkout(4, "treatment"), 4);
    await().until(() -> client.configVersion() == 4);
    assertThat(statuses.stream().filter(StatusEvent::configRejected).count()).isEqualTo(2);
  }

  @Test
  void neverMovesToAnOlderVersion() {
    server.serve(Documents.checkout(5, "control"), 5);
    SwitchboardClient client = start(Fixtures.client(server));
    client.awaitInitialization(Duration.ofSeconds(5));
    await().until(() -> server.openStreams() == 1);

    server.serve(Documents.checkout(3, "treatment"), 3);
    int requests = server.configRequests.get();
    server.announce(6); // announced as newer, but the document is older
    await().until(() -> server.configRequests.get() > requests);

    assertThat(client.configVersion()).isEqualTo(5);
    assertThat(client.stringValue(BOB, "checkout-variant", "default")).isEqualTo("control");
  }

  @Test
  void aRejectedKeyIsPermanent() {
    server.serve(Documents.checkout(1, "control"), 1);
    SwitchboardClient client =
        start(
            SwitchboardClient.builder("server-revoked")
                .baseUri(server.uri())
                .feedTimings(Fixtures.FAST)
                .sendEvents(false));

    assertThat(client.awaitInitialization(Duration.ofSeconds(5))).isFalse();
    await().until(() -> client.state() == ClientState.ERROR);
    int connects = server.streamConnects.get();
    await().pollDelay(Duration.ofMillis(300)).until(() -> true);
    assertThat(server.streamConnects.get()).as("no reconnects after a 401").isEqualTo(connects);
    assertThat(client.stringEvaluation(BOB, "checkout-variant", "d").errorCode())
        .isEqualTo(ErrorCode.PROVIDER_NOT_READY);
  }

  @Test
  void goesThroughAnHttpProxyWithCustomHeaders() {
    server.serve(Documents.checkout(1, "control"), 1);
    SwitchboardClient client =
        start(
            Fixtures.client(server)
                .baseUri(java.net.URI.create("http://edge.switchboard.invalid"))
                .proxy("127.0.0.1", server.port())
                .header("X-Gateway-Token", "let-me-in"));

    assertThat(client.awaitInitialization(Duration.ofSeconds(5))).isTrue();
    // a proxy receives the absolute URI; the host name was never resolved by the client
    assertThat(server.requestTargets)
        .contains(
            "http://edge.switchboard.invalid/sdk/v1/config/server/" + EdgeServer.KEY + ".json");
    assertThat(server.configRequestHeaders.get(0).get("X-gateway-token"))
        .containsExactly("let-me-in");
  }

  @Test
  void restartsFromTheOnDiskCacheDuringAnOutage(@TempDir Path cache) throws Exception {
    server.serve(Documents.checkout(1, "treatment"), 1);
    SwitchboardClient first = start(Fixtures.client(server).cacheDirectory(cache));
    assertThat(first.awaitInitialization(Duration.ofSeconds(5))).isTrue();
    first.close();
    try (var files = Files.list(cache)) {
      assertThat(files.filter(f -> f.toString().endsWith(".json"))).hasSize(1);
    }

    server.configStatus(503);
    server.streamStatus(503);
    SwitchboardClient second = start(Fixtures.client(server).cacheDirectory(cache));

    assertThat(second.isInitialized()).isTrue();
    assertThat(second.stringValue(BOB, "checkout-variant", "default")).isEqualTo("treatment");
  }

  @Test
  void startsFromABootstrapFileThenTakesNewerVersionsFromTheEdge(@TempDir Path dir)
      throws Exception {
    Path bootstrap = dir.resolve("flags.json");
    Files.writeString(bootstrap, Documents.checkout(1, "treatment"));
    server.serve(Documents.checkout(2, "control"), 2);
    server.configStatus(503);
    server.streamStatus(503);
    SwitchboardClient client = start(Fixtures.client(server).bootstrapFile(bootstrap));
    assertThat(client.isInitialized()).isTrue();
    assertThat(client.stringValue(BOB, "checkout-variant", "default")).isEqualTo("treatment");

    server.configStatus(200);
    server.streamStatus(200);
    await().until(() -> client.configVersion() == 2);
  }

  @Test
  void closeStopsEverythingWithinASecond() {
    server.serve(Documents.checkout(1, "control"), 1);
    List<Thread> before = switchboardThreads();
    SwitchboardClient client = start(Fixtures.client(server).sendEvents(true));
    client.awaitInitialization(Duration.ofSeconds(5));
    await().until(() -> server.openStreams() == 1);
    List<Thread> own = switchboardThreads().stream().filter(t -> !before.contains(t)).toList();
    assertThat(own).isNotEmpty().allMatch(Thread::isDaemon);

    long start = System.nanoTime();
    client.close();
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(1100));

    assertThat(client.state()).isEqualTo(ClientState.CLOSED);
    assertThat(client.stringValue(BOB, "checkout-variant", "default")).isEqualTo("control");
    await().atMost(Duration.ofSeconds(8)).until(() -> own.stream().noneMatch(Thread::isAlive));
  }

  static List<Thread> switchboardThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().startsWith("switchboard-"))
        .toList();
  }
}
