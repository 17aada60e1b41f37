package dev.switchboard.benchmarks.load;

import dev.switchboard.testsupport.Kafka;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The embedded Kafka broker (test-support's {@link Kafka}) in a JVM of its own, as Kafka is
 * deployed: its heap and collections are not the load driver's, whose pauses would otherwise hold
 * up every {@code acks=all} acknowledgement. The JVM runs with the options of Kafka's own start
 * scripts, which the {@code apache/kafka} image of docker-compose uses; {@code
 * -Dload.kafkaJvmArgs=...} adds to them (a GC log, a recording).
 */
public final class KafkaBrokerJvm {
  /** {@code KAFKA_HEAP_OPTS} and {@code KAFKA_JVM_PERFORMANCE_OPTS} of kafka-server-start.sh. */
  private static final List<String> KAFKA_JVM_OPTIONS =
      List.of(
          "-Xms1g",
          "-Xmx1g",
          "-XX:+UseG1GC",
          "-XX:MaxGCPauseMillis=20",
          "-XX:InitiatingHeapOccupancyPercent=35",
          "-XX:+ExplicitGCInvokesConcurrent",
          "-XX:MaxInlineLevel=15",
          "-Djava.awt.headless=true");

  private KafkaBrokerJvm() {}

  /**
   * Starts the broker's JVM, its log directories in the driver's {@code java.io.tmpdir}; its {@link
   * ServiceJvm#address()} is the bootstrap servers.
   */
  static ServiceJvm start() throws IOException, InterruptedException {
    List<String> options = new ArrayList<>(KAFKA_JVM_OPTIONS);
    options.add("-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir"));
    return ServiceJvm.startMain("kafka", KafkaBrokerJvm.class, options);
  }

  /**
   * Starts the broker, prints its bootstrap servers as the only line on standard output and runs
   * until standard input ends or the JVM is terminated; logs go to standard error.
   */
  public static void main(String[] args) throws IOException {
    // before the first logger: without it, logback logs everything at DEBUG to standard output
    System.setProperty("logback.configurationFile", "kafka-broker-logback.xml");
    // the broker's test kit prints to standard output too: only the address may go there
    PrintStream address = System.out;
    System.setOut(System.err);
    address.println(Kafka.bootstrapServers());
    address.flush();
    while (System.in.read() != -1) {
      // nothing is sent: only the end of the input matters
    }
    System.exit(0); // the broker's threads are not daemons; a shutdown hook stops the broker
  }
}
