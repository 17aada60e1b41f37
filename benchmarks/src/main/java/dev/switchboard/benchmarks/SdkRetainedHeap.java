package dev.switchboard.benchmarks;

import dev.switchboard.sdk.SwitchboardClient;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Heap retained by a {@link SwitchboardClient} holding the generated 1,000-feature config ({@link
 * ConfigGenerator}): used heap after full GCs with the client (offline, from a bootstrap file)
 * minus used heap before it, with the document bytes themselves dropped. Run in a fresh JVM: {@code
 * java -cp benchmarks/target/benchmarks.jar dev.switchboard.benchmarks.SdkRetainedHeap}.
 */
public final class SdkRetainedHeap {
  private SdkRetainedHeap() {}

  public static void main(String[] args) throws Exception {
    Path file = Files.createTempFile("switchboard-1000-features", ".json");
    Files.write(file, ConfigGenerator.generate(ConfigLoadBenchmark.FEATURES));
    long size = Files.size(file);
    // load every class once, so that the measurement holds data only
    SwitchboardClient.builder("server-heap").offline(true).bootstrapFile(file).build().close();
    long before = usedAfterGc();
    SwitchboardClient client =
        SwitchboardClient.builder("server-heap")
            .offline(true)
            .bootstrapFile(file)
            .sendEvents(false)
            .build();
    long after = usedAfterGc();
    if (!client.isInitialized()) {
      throw new IllegalStateException("the generated document was not loaded");
    }
    System.out.printf(
        "retained heap for %d features (document %,d bytes): %,d bytes (%.1f MiB); version %d%n",
        ConfigLoadBenchmark.FEATURES,
        size,
        after - before,
        (after - before) / 1048576.0,
        client.configVersion());
    client.close();
    Files.delete(file);
    System.exit(0);
  }

  private static long usedAfterGc() throws InterruptedException {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 5; i++) {
      System.gc();
      Thread.sleep(50);
      used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
    }
    return used;
  }
}
