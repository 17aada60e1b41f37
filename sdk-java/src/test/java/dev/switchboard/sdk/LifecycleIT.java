package dev.switchboard.sdk;

import static dev.switchboard.sdk.Fixtures.BOB;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Creating and closing clients must leave nothing behind in the host's JVM. */
class LifecycleIT {
  private static final int CYCLES = 1_000;

  @Test
  void aThousandCreateCloseCyclesLeaveNoThreadsAndNoGrowingHeap() {
    java.util.List<Thread> before = ConfigUpdatesIT.switchboardThreads();
    try (EdgeServer server = new EdgeServer()) {
      server.serve(Documents.checkout(1, "control"), 1);
      long heapAfterWarmUp = 0;
      for (int i = 1; i <= CYCLES; i++) {
        SwitchboardClient client =
            Fixtures.client(server).sendEvents(true).closeTimeout(Duration.ofMillis(500)).build();
        if (i % 50 == 0) {
          // every 50th client really loads its config and evaluates, the others close at once
          assertThat(client.awaitInitialization(Duration.ofSeconds(5))).isTrue();
          client.stringValue(BOB, "checkout-variant", "default");
          client.track(BOB, "cycle");
        }
        client.close();
        if (i == 200) {
          heapAfterWarmUp = usedHeapAfterGc();
        }
      }

      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () ->
                  assertThat(ConfigUpdatesIT.switchboardThreads())
                      .filteredOn(Thread::isAlive)
                      .isSubsetOf(before));
      long heapAtEnd = usedHeapAfterGc();
      assertThat(heapAtEnd - heapAfterWarmUp)
          .as("heap growth over %d cycles", CYCLES - 200)
          .isLessThan(16L * 1024 * 1024);
    }
  }

  private static long usedHeapAfterGc() {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return memory.getHeapMemoryUsage().getUsed();
  }
}
