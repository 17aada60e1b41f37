package dev.switchboard.sdk;

import static dev.switchboard.sdk.Fixtures.ALICE;
import static dev.switchboard.sdk.Fixtures.BOB;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.bucketing.ErrorCode;
import dev.switchboard.bucketing.Evaluation;
import dev.switchboard.bucketing.Reason;
import dev.switchboard.bucketing.VariableType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Offline mode and {@link TestData}: evaluation with no network at all. */
class OfflineAndTestDataTest {

  @Test
  void offlineFromAClasspathResource() {
    List<Thread> before = ConfigUpdatesIT.switchboardThreads();
    try (SwitchboardClient client =
        SwitchboardClient.builder("server-offline")
            .offline(true)
            .bootstrapResource("offline/checkout.json")
            .build()) {
      assertThat(client.isInitialized()).isTrue();
      assertThat(client.state()).isEqualTo(ClientState.VALID);
      assertThat(client.stringValue(ALICE, "checkout-variant", "default")).isEqualTo("treatment");
      assertThat(client.variableType("dark-mode")).isEqualTo(VariableType.BOOLEAN);
      assertThat(ConfigUpdatesIT.switchboardThreads())
          .filteredOn(t -> !before.contains(t))
          .noneMatch(t -> t.getName().startsWith("switchboard-stream"));
    }
  }

  @Test
  void offlineWithABrokenFileServesDefaultsWithParseError(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("broken.json");
    Files.writeString(file, Documents.invalid(1));
    try (SwitchboardClient client =
        SwitchboardClient.builder("server-offline").offline(true).bootstrapFile(file).build()) {
      assertThat(client.awaitInitialization(Duration.ofSeconds(1))).isFalse();
      assertThat(client.state()).isEqualTo(ClientState.ERROR);
      Evaluation<String> evaluation = client.stringEvaluation(BOB, "checkout-variant", "d");
      assertThat(evaluation.value()).isEqualTo("d");
      assertThat(evaluation.errorCode()).isEqualTo(ErrorCode.PARSE_ERROR);
    }
  }

  @Test
  void evaluationNeverThrowsOnNullArguments() {
    try (SwitchboardClient client =
        SwitchboardClient.builder("server-offline")
            .offline(true)
            .bootstrapResource("offline/checkout.json")
            .build()) {
      assertThat(client.stringEvaluation(null, "checkout-variant", "d").reason())
          .isEqualTo(Reason.ERROR);
      assertThat(client.stringEvaluation(BOB, null, "d").errorCode())
          .isEqualTo(ErrorCode.FLAG_NOT_FOUND);
      client.track(null, "x");
      client.track(BOB, null);
    }
  }

  @Test
  void testDataServesValuesAndPushesChangesToClients() {
    TestData flags =
        TestData.create()
            .set("checkout-variant", "treatment")
            .set("enabled", true)
            .set("limit", 7.5)
            .setJson("ui", Map.of("theme", "dark", "items", List.of(1, 2)));
    try (SwitchboardClient client = SwitchboardClient.builder("test").testData(flags).build()) {
      List<ConfigChangeEvent> changes = new CopyOnWriteArrayList<>();
      client.addChangeListener(changes::add);
      assertThat(client.isInitialized()).isTrue();
      assertThat(client.stringValue(BOB, "checkout-variant", "d")).isEqualTo("treatment");
      assertThat(client.booleanValue(BOB, "enabled", false)).isTrue();
      assertThat(client.numberValue(BOB, "limit", 0)).isEqualTo(7.5);
      assertThat(client.jsonValue(BOB, "ui", Map.of()))
          .isEqualTo(Map.of("theme", "dark", "items", List.of(1L, 2L)));

      flags.setForUser("checkout-variant", "alice", "control");
      assertThat(client.stringValue(ALICE, "checkout-variant", "d")).isEqualTo("control");
      assertThat(client.stringValue(BOB, "checkout-variant", "d")).isEqualTo("treatment");

      flags.turnOff("enabled");
      assertThat(client.booleanEvaluation(BOB, "enabled", false).reason())
          .isEqualTo(Reason.DISABLED);
      flags.remove("limit");
      assertThat(client.numberEvaluation(BOB, "limit", 1).errorCode())
          .isEqualTo(ErrorCode.FLAG_NOT_FOUND);
      await().until(() -> changes.size() == 3);
      assertThat(changes.get(0).changedFeatures()).containsExactly("checkout-variant");
    }
  }
}
