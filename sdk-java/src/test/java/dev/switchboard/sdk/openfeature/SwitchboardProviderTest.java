package dev.switchboard.sdk.openfeature;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.openfeature.sdk.Client;
import dev.openfeature.sdk.ErrorCode;
import dev.openfeature.sdk.EventDetails;
import dev.openfeature.sdk.FlagEvaluationDetails;
import dev.openfeature.sdk.MutableContext;
import dev.openfeature.sdk.OpenFeatureAPI;
import dev.openfeature.sdk.ProviderState;
import dev.openfeature.sdk.Value;
import dev.switchboard.sdk.SwitchboardClient;
import dev.switchboard.sdk.TestData;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The provider through the OpenFeature SDK's own client, against the requirements of the
 * OpenFeature specification (section numbers in the display names).
 */
class SwitchboardProviderTest {
  private final TestData flags =
      TestData.create()
          .set("checkout-variant", "treatment")
          .set("enabled", true)
          .set("limit", 42.0)
          .set("ratio", 0.25)
          .setJson("ui", Map.of("theme", "dark"));
  private SwitchboardClient switchboard;
  private SwitchboardProvider provider;
  private Client client;
  private final String domain = "switchboard-" + UUID.randomUUID();
  private final MutableContext bob = new MutableContext("bob").add("country", "DE");

  @BeforeEach
  void setUp() {
    flags.setForUser("checkout-variant", "alice", "control");
    switchboard = SwitchboardClient.builder("test").testData(flags).build();
    provider = new SwitchboardProvider(switchboard, Duration.ofSeconds(1), true);
    OpenFeatureAPI.getInstance().setProviderAndWait(domain, provider);
    client = OpenFeatureAPI.getInstance().getClient(domain);
  }

  @AfterEach
  void tearDown() {
    provider.shutdown();
  }

  @Test
  @DisplayName("2.2.1-2.2.5: values of every type with variant and reason")
  void resolvesEveryType() {
    FlagEvaluationDetails<String> details =
        client.getStringDetails("checkout-variant", "default", bob);
    assertThat(details.getValue()).isEqualTo("treatment");
    assertThat(details.getVariant()).isEqualTo("everyone");
    assertThat(details.getReason()).isEqualTo("TARGETING_MATCH");
    assertThat(details.getErrorCode()).isNull();
    assertThat(details.getFlagMetadata().getString("featureKey")).isEqualTo("checkout-variant");
    assertThat(client.getBooleanValue("enabled", false, bob)).isTrue();
    assertThat(client.getIntegerValue("limit", 0, bob)).isEqualTo(42);
    assertThat(client.getDoubleValue("ratio", 0.0, bob)).isEqualTo(0.25);
    Value ui = client.getObjectValue("ui", new Value(), bob);
    assertThat(ui.asStructure().getValue("theme").asString()).isEqualTo("dark");
  }

  @Test
  @DisplayName("3.1: the targeting key is the user id")
  void theTargetingKeyIsTheUserId() {
    assertThat(client.getStringValue("checkout-variant", "d", new MutableContext("alice")))
        .isEqualTo("control");
  }

  @Test
  @DisplayName("2.2.7: errors carry the default value and an error code")
  void errorsCarryTheDefaultAndACode() {
    FlagEvaluationDetails<String> missing = client.getStringDetails("no-such-flag", "d", bob);
    assertThat(missing.getValue()).isEqualTo("d");
    assertThat(missing.getErrorCode()).isEqualTo(ErrorCode.FLAG_NOT_FOUND);
    assertThat(missing.getReason()).isEqualTo("ERROR");

    FlagEvaluationDetails<Boolean> wrongType = client.getBooleanDetails("limit", false, bob);
    assertThat(wrongType.getValue()).isFalse();
    assertThat(wrongType.getErrorCode()).isEqualTo(ErrorCode.TYPE_MISMATCH);

    FlagEvaluationDetails<Integer> notInteger = client.getIntegerDetails("ratio", 7, bob);
    assertThat(notInteger.getValue()).isEqualTo(7);
    assertThat(notInteger.getErrorCode()).isEqualTo(ErrorCode.TYPE_MISMATCH);

    FlagEvaluationDetails<String> noKey =
        client.getStringDetails("checkout-variant", "d", new MutableContext());
    assertThat(noKey.getValue()).isEqualTo("d");
    assertThat(noKey.getErrorCode()).isEqualTo(ErrorCode.TARGETING_KEY_MISSING);
  }

  @Test
  @DisplayName("2.2.6: a disabled flag resolves with reason DISABLED")
  void disabled() {
    flags.turnOff("enabled");
    FlagEvaluationDetails<Boolean> details = client.getBooleanDetails("enabled", false, bob);
    assertThat(details.getValue()).isFalse();
    assertThat(details.getReason()).isEqualTo("DISABLED");
  }

  @Test
  @DisplayName("5.1, 5.3: READY after initialisation, CONFIGURATION_CHANGED with changed flags")
  void emitsProviderEvents() {
    assertThat(client.getProviderState()).isEqualTo(ProviderState.READY);
    List<EventDetails> changes = new CopyOnWriteArrayList<>();
    client.onProviderConfigurationChanged(changes::add);

    flags.set("checkout-variant", "control");

    await().until(() -> !changes.isEmpty());
    assertThat(changes.get(0).getFlagsChanged()).containsExactly("checkout-variant");
  }

  @Test
  @DisplayName("1.7: a provider without a config is not ready; evaluations return defaults")
  void notReadyWithoutConfig() {
    SwitchboardClient offline = SwitchboardClient.builder("server-x").offline(true).build();
    SwitchboardProvider broken = new SwitchboardProvider(offline, Duration.ofMillis(50), true);
    String otherDomain = domain + "-broken";
    try {
      OpenFeatureAPI.getInstance().setProviderAndWait(otherDomain, broken);
    } catch (RuntimeException expected) {
      // initialisation failed: the provider is in an error state
    }
    Client other = OpenFeatureAPI.getInstance().getClient(otherDomain);
    assertThat(other.getProviderState()).isIn(ProviderState.ERROR, ProviderState.FATAL);
    assertThat(other.getStringValue("checkout-variant", "d", bob)).isEqualTo("d");
    broken.shutdown();
  }

  @Test
  @DisplayName("5.1: STALE when the edge goes away, serving the last good config")
  void staleWhenTheEdgeGoesAway() throws Exception {
    byte[] document;
    try (java.io.InputStream in =
        getClass().getClassLoader().getResourceAsStream("offline/checkout.json")) {
      document = in.readAllBytes();
    }
    com.sun.net.httpserver.HttpServer edge =
        com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
    edge.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
    java.util.concurrent.CountDownLatch stop = new java.util.concurrent.CountDownLatch(1);
    edge.createContext(
        "/sdk/v1/config/",
        exchange -> {
          exchange.getRequestBody().readAllBytes();
          if (stop.getCount() == 0) {
            exchange.sendResponseHeaders(503, -1);
            exchange.close();
            return;
          }
          exchange.sendResponseHeaders(200, document.length);
          exchange.getResponseBody().write(document);
          exchange.close();
        });
    edge.createContext(
        "/sdk/v1/stream",
        exchange -> {
          exchange.getRequestBody().readAllBytes();
          if (stop.getCount() == 0) {
            exchange.sendResponseHeaders(503, -1);
            exchange.close();
            return;
          }
          exchange.sendResponseHeaders(200, 0);
          exchange.getResponseBody().write(": hello\n\n".getBytes());
          exchange.getResponseBody().flush();
          try {
            stop.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          exchange.close();
        });
    edge.start();
    SwitchboardClient switchboard =
        SwitchboardClient.builder("server-x")
            .baseUri(java.net.URI.create("http://127.0.0.1:" + edge.getAddress().getPort()))
            .sendEvents(false)
            .build();
    SwitchboardProvider provider =
        new SwitchboardProvider(switchboard, Duration.ofSeconds(5), true);
    String otherDomain = domain + "-stale";
    Client other = OpenFeatureAPI.getInstance().getClient(otherDomain);
    List<EventDetails> staleEvents = new CopyOnWriteArrayList<>();
    other.onProviderStale(staleEvents::add);
    OpenFeatureAPI.getInstance().setProviderAndWait(otherDomain, provider);
    assertThat(other.getProviderState()).isEqualTo(ProviderState.READY);

    stop.countDown(); // the stream ends and nobody answers any more
    edge.stop(0);

    await().until(() -> !staleEvents.isEmpty());
    await().until(() -> other.getProviderState() == ProviderState.STALE);
    assertThat(other.getStringValue("checkout-variant", "d", new MutableContext("bob")))
        .isEqualTo("control");
    provider.shutdown();
  }

  @Test
  @DisplayName("5.1: ERROR when the server key is rejected")
  void errorWhenTheKeyIsRejected() throws Exception {
    com.sun.net.httpserver.HttpServer server =
        com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/",
        exchange -> {
          exchange.getRequestBody().readAllBytes();
          exchange.sendResponseHeaders(401, -1);
          exchange.close();
        });
    server.start();
    try {
      SwitchboardClient revoked =
          SwitchboardClient.builder("server-revoked")
              .baseUri(java.net.URI.create("http://127.0.0.1:" + server.getAddress().getPort()))
              .sendEvents(false)
              .build();
      SwitchboardProvider provider = new SwitchboardProvider(revoked, Duration.ofSeconds(2), true);
      String otherDomain = domain + "-revoked";
      try {
        OpenFeatureAPI.getInstance().setProviderAndWait(otherDomain, provider);
      } catch (RuntimeException expected) {
        // initialisation fails for good
      }
      Client other = OpenFeatureAPI.getInstance().getClient(otherDomain);
      await().until(() -> other.getProviderState() != ProviderState.NOT_READY);
      assertThat(other.getProviderState()).isIn(ProviderState.ERROR, ProviderState.FATAL);
      assertThat(other.getStringDetails("checkout-variant", "d", bob).getValue()).isEqualTo("d");
      provider.shutdown();
    } finally {
      server.stop(0);
    }
  }

  @Test
  void mapsEveryErrorCode() {
    for (dev.switchboard.bucketing.ErrorCode code : dev.switchboard.bucketing.ErrorCode.values()) {
      assertThat(SwitchboardProvider.errorCode(code).name()).isEqualTo(code.name());
    }
  }

  @Test
  void contextAttributesBecomeUserFields() {
    MutableContext context =
        new MutableContext("u1")
            .add("email", "a@example.com")
            .add("appVersion", "2.4.1")
            .add("plan", "enterprise")
            .add("seats", 12)
            .add("beta", true);
    dev.switchboard.bucketing.User user = SwitchboardProvider.user(context);
    assertThat(user.id()).isEqualTo("u1");
    assertThat(user.email()).isEqualTo("a@example.com");
    assertThat(user.appVersion()).isEqualTo("2.4.1");
    assertThat(user.custom())
        .containsEntry("plan", "enterprise")
        .containsEntry("seats", 12.0)
        .containsEntry("beta", true);
  }
}
