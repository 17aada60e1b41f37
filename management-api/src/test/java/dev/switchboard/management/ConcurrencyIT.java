package dev.switchboard.management;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Optimistic concurrency on targeting: no lost update, strictly increasing versions. */
class ConcurrencyIT extends ManagementApiTestBase {

  @Test
  void aStaleIfMatchIsRejectedWith412() {
    String project = createProject(unique("stale"));
    createFeature(project, "checkout", ADMIN);
    String targeting = "/api/v1/projects/" + project + "/features/checkout/targeting/production";
    String etag = api.get(targeting, ADMIN).etag();

    ApiClient.Response first =
        api.put(targeting, ADMIN, Map.of("on", true), Map.of("If-Match", etag));
    ApiClient.Response second =
        api.put(targeting, ADMIN, Map.of("on", false), Map.of("If-Match", etag));

    assertThat(first.status()).isEqualTo(200);
    assertThat(first.etag()).isNotEqualTo(etag);
    assertThat(second.status()).isEqualTo(412);
    assertThat(second.problemType()).isEqualTo("https://switchboard.dev/problems/stale-version");
    assertThat(api.get(targeting, ADMIN).body().get("on").booleanValue()).isTrue();
  }

  @Test
  void concurrentUpdatesLoseNothingAndVersionsStrictlyIncrease() throws Exception {
    String project = createProject(unique("race"));
    createFeature(project, "checkout", ADMIN);
    String targeting = "/api/v1/projects/" + project + "/features/checkout/targeting/production";
    String environment = environmentId(project, "production");
    long versionBefore = configVersion(environment);
    int writers = 6;
    int updatesEach = 5;

    ExecutorService pool = Executors.newFixedThreadPool(writers);
    List<Future<Integer>> conflicts = new ArrayList<>();
    for (int w = 0; w < writers; w++) {
      int writer = w;
      conflicts.add(
          pool.submit(
              () -> {
                int rejected = 0;
                for (int u = 0; u < updatesEach; ) {
                  ApiClient.Response current = api.get(targeting, ADMIN);
                  // read-modify-write: append this writer's rule to the list it read
                  List<Object> rules = new ArrayList<>();
                  current
                      .body()
                      .get("rules")
                      .forEach(rule -> rules.add(ApiClient.JSON.convertValue(rule, Map.class)));
                  rules.add(
                      Map.of(
                          "id", "w" + writer + "-" + u,
                          "audience", Map.of("type", "users", "ids", List.of("user-" + writer)),
                          "serve", Map.of("variation", "b")));
                  ApiClient.Response put =
                      api.put(
                          targeting,
                          ADMIN,
                          Map.of("on", true, "rules", rules),
                          Map.of("If-Match", current.etag()));
                  if (put.status() == 200) {
                    u++;
                  } else if (put.status() == 412) {
                    rejected++;
                  } else {
                    throw new AssertionError(put.raw());
                  }
                }
                return rejected;
              }));
    }
    for (Future<Integer> conflict : conflicts) {
      conflict.get();
    }
    pool.shutdown();

    // every update survived: each writer's rules are all there
    assertThat(api.get(targeting, ADMIN).body().get("rules")).hasSize(writers * updatesEach);
    assertThat(configVersion(environment)).isEqualTo(versionBefore + writers * updatesEach);
    List<Long> versions =
        jdbc.sql(
                "select config_version from outbox where environment_id = cast(:e as uuid) order by id")
            .param("e", environment)
            .query(Long.class)
            .list();
    for (int i = 1; i < versions.size(); i++) {
      assertThat(versions.get(i)).isEqualTo(versions.get(i - 1) + 1);
    }
  }

  private long configVersion(String environmentId) {
    return jdbc.sql("select config_version from environment where id = cast(:e as uuid)")
        .param("e", environmentId)
        .query(Long.class)
        .single();
  }
}
