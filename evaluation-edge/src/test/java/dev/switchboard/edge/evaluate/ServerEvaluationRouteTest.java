package dev.switchboard.edge.evaluate;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ServerEvaluationRouteTest {

  @Test
  void answersDirectlyOnlyWhenTheAnswerIsJsonWithoutDoubt() {
    assertThat(ServerEvaluationRoute.plainJson(null)).isTrue();
    assertThat(ServerEvaluationRoute.plainJson("*/*")).isTrue();
    assertThat(ServerEvaluationRoute.plainJson("application/json")).isTrue();
    assertThat(ServerEvaluationRoute.plainJson("Application/JSON; charset=utf-8")).isTrue();
    assertThat(ServerEvaluationRoute.plainJson("application/json, */*;q=0.8")).isTrue();
    assertThat(ServerEvaluationRoute.plainJson("application/*")).isTrue();

    assertThat(ServerEvaluationRoute.plainJson("text/plain")).isFalse();
    assertThat(ServerEvaluationRoute.plainJson("application/json, text/html")).isFalse();
    assertThat(ServerEvaluationRoute.plainJson("application/json;q=0")).isFalse();
    assertThat(ServerEvaluationRoute.plainJson("application/x-ndjson")).isFalse();
    assertThat(ServerEvaluationRoute.plainJson("")).isFalse();
  }
}
