package dev.switchboard.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.testsupport.Kafka;
import dev.switchboard.testsupport.KafkaOutage;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Kafka down: 503 with Retry-After within seconds, never a 2xx for data that is not durable; after
 * it returns, the SDK's retries (same batch ids) are counted exactly once.
 */
class KafkaOutageIT extends EventsApiTestBase {

  @Test
  void batchesAreRefusedDuringAnOutageAndCountedOnceAfterRetries() throws Exception {
    String project = unique("outage");
    management.createProject(project, List.of("checkout"));
    String key = management.key(project, "development", "server");
    String environmentId = management.environmentId(project, "development");
    // the key is cached before the outage (management-api is not what this test takes down)
    Map<String, Object> first =
        batch("outage-1", List.of(evaluation("checkout", "on", "SPLIT", 5, minute())), List.of());
    Map<String, Object> second =
        batch("outage-2", List.of(evaluation("checkout", "off", "SPLIT", 11, minute())), List.of());
    assertThat(sendServer(key, batch("warm-up", List.of(), List.of())).status()).isEqualTo(202);

    try (KafkaOutage outage = Kafka.startOutage()) {
      long start = System.nanoTime();
      Http.Response refused = sendServer(key, first);
      long millis = (System.nanoTime() - start) / 1_000_000;
      assertThat(refused.status()).as(refused.raw()).isEqualTo(503);
      assertThat(refused.headers().get("retry-after")).isEqualTo("5");
      assertThat(refused.problemType()).isEqualTo("unavailable");
      assertThat(millis).as("answered in %d ms", millis).isLessThan(10_000);
      assertThat(sendServer(key, second).status()).isEqualTo(503);
      outage.end();
    }

    // the SDK retries both batches, the same ids, until they are accepted
    for (Map<String, Object> batch : List.of(first, second)) {
      await()
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(500))
          .until(() -> sendServer(key, batch).status() == 202);
    }
    // and once more: an SDK that missed the 202 (timeout on its side)
    assertThat(sendServer(key, first).body().get("duplicate").booleanValue()).isTrue();

    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(() -> assertThat(processedBatches(environmentId)).isEqualTo(3));
    assertThat(dayCount(environmentId, "checkout")).isEqualTo(16);
    assertThat(
            jdbc.sql(
                    "select variation || '=' || sum(count) from evaluation_minute"
                        + " where environment_id = cast(:e as uuid) group by variation order by 1")
                .param("e", environmentId)
                .query(String.class)
                .list())
        .containsExactly("off=11", "on=5");
  }
}
