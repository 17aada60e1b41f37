package dev.switchboard.e2e;

import dev.switchboard.devstack.DevStack;
import dev.switchboard.devstack.DevStackOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * One dev-stack for every test class in the JVM (starting the platform is the expensive part), on
 * free ports with its data under target/, stopped when the JVM exits.
 */
final class SharedStack {
  private static DevStack stack;

  private SharedStack() {}

  static synchronized DevStack get() throws Exception {
    if (stack == null) {
      Path data = Files.createTempDirectory(Path.of("target"), "e2e-");
      DevStack started =
          DevStack.start(
              DevStackOptions.parse(
                  new String[] {
                    "--data-dir=" + data,
                    "--postgres-port=0",
                    "--kafka-port=0",
                    "--redis-port=0",
                    "--edge-port=0",
                    "--management-port=0",
                    "--events-port=0",
                    "--config-service-port=0"
                  },
                  Map.of()));
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    try {
                      started.close();
                    } catch (Exception e) {
                      System.err.println("could not stop the e2e dev-stack: " + e);
                    }
                  },
                  "e2e-stack-stop"));
      stack = started;
    }
    return stack;
  }
}
