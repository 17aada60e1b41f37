package dev.switchboard.events.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.events.EventsProperties;
import dev.switchboard.events.ingest.EventBatch.CustomEvent;
import dev.switchboard.events.ingest.EventBatch.EvaluationCount;
import dev.switchboard.events.web.EventsProblem;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BatchValidatorTest {
  private static final Instant NOW = Instant.parse("2026-11-27T14:00:30Z");
  private final BatchValidator validator =
      new BatchValidator(
          new EventsProperties(
              "http://localhost:8081",
              "",
              2_097_152,
              3,
              Duration.ofDays(7),
              Duration.ofMinutes(5),
              Duration.ofSeconds(30),
              Duration.ofSeconds(5),
              Duration.ofHours(24),
              Duration.ofDays(8),
              Duration.ofDays(14),
              Duration.ofSeconds(5),
              6,
              Duration.ofSeconds(5)));

  private static EvaluationCount count(long n, Instant from) {
    return new EvaluationCount(
        "checkout",
        "checkout",
        "on",
        "SPLIT",
        null,
        n,
        from.toString(),
        from.plusSeconds(10).toString());
  }

  private static EventBatch batch(
      String id, List<EvaluationCount> counts, List<CustomEvent> custom) {
    return new EventBatch(
        id, null, null, null, null, new ArrayList<>(counts), new ArrayList<>(custom));
  }

  private EventsProblem problem(EventBatch batch) {
    try {
      validator.validate(batch, NOW, new Timestamps());
    } catch (EventsProblem e) {
      return e;
    }
    throw new AssertionError("accepted");
  }

  @Test
  void acceptsAValidBatchAndAnUnknownReasonOrVariable() {
    validator.validate(
        batch(
            "3f6c2a8e-2b1d-4c1e-9a57-1f2d3c4b5a69",
            List.of(
                count(1, NOW),
                new EvaluationCount(
                    "typo",
                    null,
                    null,
                    "NEW_REASON_2",
                    "FLAG_NOT_FOUND",
                    5L,
                    NOW.toString(),
                    NOW.toString())),
            List.of(new CustomEvent("purchase", null, null, null, NOW.toString()))),
        NOW,
        new Timestamps());
  }

  @Test
  void refusesNonPositiveCountsWithTheirPointer() {
    EventsProblem problem =
        problem(batch("b", List.of(count(1, NOW), count(0, NOW), count(-3, NOW)), List.of()));
    assertThat(problem.status().value()).isEqualTo(400);
    assertThat(problem.kind()).isEqualTo("invalid-batch");
    assertThat(problem.toProblem().getProperties().get("errors").toString())
        .contains("/evaluations/1/count")
        .contains("/evaluations/2/count")
        .doesNotContain("/evaluations/0/");
  }

  @Test
  void refusesTimestampsOutsideTheWindow() {
    assertThat(
            problem(batch("b", List.of(count(1, NOW.plus(Duration.ofMinutes(6)))), List.of()))
                .kind())
        .isEqualTo("invalid-batch");
    assertThat(
            problem(batch("b", List.of(count(1, NOW.minus(Duration.ofDays(8)))), List.of())).kind())
        .isEqualTo("invalid-batch");
    // just inside both bounds
    validator.validate(
        batch("b", List.of(count(1, NOW.plus(Duration.ofMinutes(4)))), List.of()),
        NOW,
        new Timestamps());
    validator.validate(
        batch("b", List.of(count(1, NOW.minus(Duration.ofDays(6)))), List.of()),
        NOW,
        new Timestamps());
    EvaluationCount backwards =
        new EvaluationCount(
            "checkout",
            null,
            "on",
            "SPLIT",
            null,
            1L,
            NOW.toString(),
            NOW.minusSeconds(1).toString());
    assertThat(
            problem(batch("b", List.of(backwards), List.of()))
                .toProblem()
                .getProperties()
                .toString())
        .contains("must not be before from");
  }

  @Test
  void refusesTimestampsThatAreNotInstants() {
    EvaluationCount local =
        new EvaluationCount(
            "checkout", null, "on", "SPLIT", null, 1L, "2026-11-27T14:00:00", "yesterday");
    String errors =
        problem(batch("b", List.of(local), List.of())).toProblem().getProperties().toString();
    assertThat(errors).contains("/evaluations/0/from").contains("/evaluations/0/to");
  }

  @Test
  void refusesBadIdsReasonsAndCustomValues() {
    assertThat(problem(batch(null, List.of(), List.of())).kind()).isEqualTo("invalid-batch");
    assertThat(problem(batch("has space", List.of(), List.of())).kind()).isEqualTo("invalid-batch");
    assertThat(problem(batch("x".repeat(101), List.of(), List.of())).kind())
        .isEqualTo("invalid-batch");
    EvaluationCount lowerReason =
        new EvaluationCount(
            "checkout", null, "on", "split", null, 1L, NOW.toString(), NOW.toString());
    assertThat(problem(batch("b", List.of(lowerReason), List.of())).kind())
        .isEqualTo("invalid-batch");
    CustomEvent nan = new CustomEvent("purchase", null, Double.NaN, null, NOW.toString());
    assertThat(problem(batch("b", List.of(), List.of(nan))).kind()).isEqualTo("invalid-batch");
  }

  @Test
  void tooManyEventsIs413BeforeAnythingElse() {
    assertThatThrownBy(
            () ->
                validator.validate(
                    batch(
                        null,
                        List.of(count(-1, NOW), count(1, NOW), count(1, NOW)),
                        List.of(new CustomEvent("k", null, null, null, NOW.toString()))),
                    NOW,
                    new Timestamps()))
        .isInstanceOfSatisfying(
            EventsProblem.class,
            e -> {
              assertThat(e.status().value()).isEqualTo(413);
              assertThat(e.kind()).isEqualTo("too-many-events");
            });
  }
}
