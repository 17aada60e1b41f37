package dev.switchboard.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.contracts.SdkType;
import dev.switchboard.edge.ConfigServiceStandIn.Env;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class StreamIT extends EdgeTestBase {

  SseClient serverStream(Env env, String lastEventId) {
    return new SseClient(uri("/sdk/v1/stream"), env.serverKey(), lastEventId);
  }

  @Test
  void aNewStreamLearnsTheCurrentVersionAtOnce() {
    Env env = publishAndAwait(ConfigServiceStandIn.newEnvironment(), 7);
    String etag = getConfig(env.serverKey()).headers().firstValue("ETag").orElseThrow();

    try (SseClient stream = serverStream(env, null)) {
      await().atMost(SseClient.WAIT).until(() -> !stream.events.isEmpty());

      var event = stream.events.get(0);
      assertThat(event.getEventName()).isEqualTo("config-updated");
      assertThat(event.getLastEventId()).isEqualTo("7");
      JsonNode data = ConfigServiceStandIn.JSON.readTree(event.getData());
      assertThat(data.get("version").asLong()).isEqualTo(7);
      assertThat("\"" + data.get("etag").asString() + "\"").isEqualTo(etag);
    }
  }

  @Test
  void aPublishedVersionReachesEveryOpenStream() {
    Env env = publishAndAwait(ConfigServiceStandIn.newEnvironment(), 1);
    try (SseClient first = serverStream(env, null);
        SseClient second = serverStream(env, null);
        SseClient client = new SseClient(uri("/client/v1/stream"), env.clientKey(), null);
        SseClient browser =
            new SseClient(uri("/client/v1/stream?key=" + env.clientKey()), null, null)) {
      List<SseClient> all = List.of(first, second, client, browser);
      await()
          .atMost(SseClient.WAIT)
          .until(() -> all.stream().allMatch(stream -> stream.versions().contains(1L)));

      configService().publishBoth(env, 2);

      await()
          .atMost(SseClient.WAIT)
          .until(() -> all.stream().allMatch(stream -> stream.versions().contains(2L)));
      for (SseClient stream : all) {
        assertThat(stream.versions()).containsExactly(1L, 2L);
      }
    }
  }

  @Test
  void aReconnectWithAnOldLastEventIdGetsTheCurrentVersionAndAnUpToDateOneOnlyHeartbeats() {
    Env env = publishAndAwait(ConfigServiceStandIn.newEnvironment(), 3);

    try (SseClient behind = serverStream(env, "1");
        SseClient current = serverStream(env, "3")) {
      await().atMost(SseClient.WAIT).until(() -> behind.versions().contains(3L));
      await("heartbeats").atMost(SseClient.WAIT).until(() -> current.comments.size() >= 2);

      assertThat(current.comments).allMatch(comment -> comment.equals("heartbeat"));
      assertThat(current.versions()).isEmpty();
      assertThat(behind.versions()).containsExactly(3L);
    }
  }

  @Test
  void aRemovedKeysStreamIsClosedAndItsReconnectRefused() {
    Env env = publishAndAwait(ConfigServiceStandIn.newEnvironment(), 1);
    try (SseClient stream = serverStream(env, null)) {
      await().atMost(SseClient.WAIT).until(() -> stream.versions().contains(1L));

      configService()
          .publish(
              env,
              SdkType.SERVER,
              2,
              ConfigServiceStandIn.serverDocument(env, 2),
              ConfigServiceStandIn.keys("server-replacement-" + env.environmentId()));

      await().atMost(SseClient.WAIT).until(() -> stream.closed.get() >= 1);
      await().atMost(SseClient.WAIT).until(() -> stream.httpErrors.contains(401));
      assertThat(stream.versions()).containsExactly(1L);
    }
  }
}
