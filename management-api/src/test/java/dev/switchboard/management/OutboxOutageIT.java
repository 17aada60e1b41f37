package dev.switchboard.management;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.testsupport.Kafka;
import dev.switchboard.testsupport.KafkaOutage;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Kafka down: writes still succeed; when it is back every change arrives, in order per environment.
 */
class OutboxOutageIT extends ManagementApiTestBase {

  @Test
  void changesWaitInTheOutboxDuringAnOutageAndArriveInOrderAfterwards() throws Exception {
    String project = createProject(unique("outage"));
    createFeature(project, "checkout", ADMIN);
    createFeature(project, "banner", ADMIN);
    try (ConfigChangesConsumer consumer = new ConfigChangesConsumer()) {
      await().atMost(Duration.ofSeconds(20)).until(() -> consumer.changesOf(project).size() == 9);

      int writes = 0;
      try (KafkaOutage outage = Kafka.startOutage()) {
        for (int i = 0; i < 10; i++) {
          for (String environment : List.of("development", "production")) {
            String feature = i % 2 == 0 ? "checkout" : "banner";
            ApiClient.Response put =
                api.put(
                    "/api/v1/projects/"
                        + project
                        + "/features/"
                        + feature
                        + "/targeting/"
                        + environment,
                    ADMIN,
                    Map.of("on", i % 3 != 0),
                    Map.of());
            assertThat(put.status()).as(put.raw()).isEqualTo(200);
            writes++;
          }
        }
        assertThat(pending(project)).isEqualTo(writes); // nothing got through
        outage.end();
      }

      await()
          .atMost(Duration.ofSeconds(60))
          .untilAsserted(() -> assertThat(pending(project)).isZero());
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> distinctVersions(consumer.changesOf(project)) == 9 + 20);

      // per environment: versions arrive in order; a repeat (a batch re-sent after a lost ack)
      // is a version already seen, which a consumer drops
      Map<String, Long> newest = new HashMap<>();
      for (JsonNode change : consumer.changesOf(project)) {
        String environment = change.get("environmentId").stringValue();
        long version = change.get("configVersion").longValue();
        long previous = newest.getOrDefault(environment, 0L);
        if (version > previous) {
          assertThat(version).as("no gap in %s", environment).isEqualTo(previous + 1);
          newest.put(environment, version);
        }
      }
      assertThat(newest.get(environmentId(project, "production"))).isEqualTo(3 + 10);
      assertThat(newest.get(environmentId(project, "development"))).isEqualTo(3 + 10);
      assertThat(newest.get(environmentId(project, "staging"))).isEqualTo(3);
    }
  }

  private long pending(String project) {
    return jdbc.sql(
            "select count(*) from outbox where payload->>'projectKey' = :p and sent_at is null")
        .param("p", project)
        .query(Long.class)
        .single();
  }

  private static int distinctVersions(List<JsonNode> changes) {
    TreeSet<String> distinct = new TreeSet<>();
    for (JsonNode change : changes) {
      distinct.add(
          change.get("environmentId").stringValue()
              + "@"
              + change.get("configVersion").longValue());
    }
    return distinct.size();
  }
}
