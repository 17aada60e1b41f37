package dev.switchboard.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.management.ThreadMXBean;
import dev.switchboard.bucketing.Config;
import dev.switchboard.bucketing.Evaluation;
import dev.switchboard.bucketing.Evaluator;
import dev.switchboard.bucketing.User;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EvaluationCountersTest {

  @Test
  void countingAServedEvaluationAllocatesNothing() throws Exception {
    Config config = Config.parse(Documents.checkout(1, "control"));
    Evaluator evaluator = Evaluator.of(config);
    EvaluationCounters counters = EvaluationCounters.of(config);
    Evaluation<String> served =
        evaluator.stringVariable(Fixtures.BOB, "checkout-variant", "default");
    for (int i = 0; i < 20_000; i++) {
      counters.count("checkout-variant", served); // creates the slot's adder once, then warms up
    }
    ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
    long thread = Thread.currentThread().getId();
    long before = threads.getThreadAllocatedBytes(thread);
    for (int i = 0; i < 100_000; i++) {
      counters.count("checkout-variant", served);
    }
    long allocated = threads.getThreadAllocatedBytes(thread) - before;

    assertThat(allocated).as("bytes for 100,000 counts").isLessThan(10_000);
  }

  @Test
  void drainsEachSlotOnceAndResetsIt() throws Exception {
    Config config = Config.parse(Documents.checkout(1, "control"));
    Evaluator evaluator = Evaluator.of(config);
    EvaluationCounters counters = EvaluationCounters.of(config);
    User bob = Fixtures.BOB;
    for (int i = 0; i < 3; i++) {
      counters.count("checkout-variant", evaluator.stringVariable(bob, "checkout-variant", "d"));
    }
    counters.count("nope", evaluator.stringVariable(bob, "nope", "d"));

    List<EvaluationCounters.EvaluationCount> first = new ArrayList<>();
    counters.drainTo(first);
    List<EvaluationCounters.EvaluationCount> second = new ArrayList<>();
    counters.drainTo(second);

    assertThat(first)
        .extracting(c -> c.variable() + "/" + c.variation() + "/" + c.reason() + "/" + c.count())
        .containsExactlyInAnyOrder(
            "checkout-variant/control/TARGETING_MATCH/3", "nope/null/ERROR/1");
    assertThat(second).isEmpty();
  }

  @Test
  void boundsTheNumberOfUnknownVariablesItCounts() {
    EvaluationCounters counters = EvaluationCounters.of(null);
    Evaluator evaluator =
        Evaluator.withoutConfig(dev.switchboard.bucketing.ErrorCode.PROVIDER_NOT_READY);
    for (int i = 0; i < EvaluationCounters.MAX_UNKNOWN_VARIABLES + 500; i++) {
      String key = "typo-" + i;
      counters.count(key, evaluator.stringVariable(Fixtures.BOB, key, "d"));
    }
    List<EvaluationCounters.EvaluationCount> rows = new ArrayList<>();
    counters.drainTo(rows);
    assertThat(rows).hasSize(EvaluationCounters.MAX_UNKNOWN_VARIABLES);
    assertThat(rows.get(0).errorCode())
        .isEqualTo(dev.switchboard.bucketing.ErrorCode.PROVIDER_NOT_READY);
  }
}
