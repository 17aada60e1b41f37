package dev.switchboard.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.devstack.DevStack;
import dev.switchboard.examples.Quickstart;
import dev.switchboard.sdk.SwitchboardClient;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The README's five-minute walkthrough, as written: its curl commands (run with bash, with only the
 * port of management-api replaced) against a dev-stack, and the example program's SDK calls, whose
 * output must be the output the README shows (up to the version numbers).
 */
class WalkthroughIT {
  private static final Path README = Path.of("..", "README.md");
  private static DevStack stack;

  @BeforeAll
  static void start() throws Exception {
    stack = SharedStack.get();
  }

  @Test
  void theReadmeWalkthroughWorksAsWritten() throws Exception {
    String readme = Files.readString(README);
    List<String> expected = outputsAfterTheExampleCommand(readme);
    assertThat(expected).hasSize(3);

    String setup = block(readme, "walkthrough:create");
    bash(setup);

    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(captured, true, StandardCharsets.UTF_8);
    try (SwitchboardClient client =
        SwitchboardClient.builder(stack.demoKeys().serverKey())
            .baseUri(URI.create(stack.edgeUrl()))
            .eventsUri(URI.create(stack.eventsUrl()))
            .build()) {
      Quickstart.start(client, out);
      awaitLastLine(captured, expected.get(0));

      bash(variables(setup) + block(readme, "walkthrough:on"));
      awaitLastLine(captured, expected.get(1));

      bash(variables(setup) + block(readme, "walkthrough:off"));
      awaitLastLine(captured, expected.get(2));
    }
  }

  /** The README's output blocks (lines starting with "config version") in order. */
  private static List<String> outputsAfterTheExampleCommand(String readme) {
    Matcher matcher = Pattern.compile("(?m)^config version \\d+: (.*)$").matcher(readme);
    List<String> outputs = new java.util.ArrayList<>();
    while (matcher.find()) {
      outputs.add(matcher.group(1));
    }
    return outputs;
  }

  private static void awaitLastLine(ByteArrayOutputStream captured, String expectedValues) {
    await("the example prints '" + expectedValues + "'")
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              String[] lines = captured.toString(StandardCharsets.UTF_8).split("\n");
              String last = lines[lines.length - 1];
              return last.matches("config version \\d+: " + Pattern.quote(expectedValues));
            });
  }

  /** The shell block right after {@code <!-- marker -->}, pointed at this test's dev-stack. */
  private static String block(String readme, String marker) {
    int at = readme.indexOf("<!-- " + marker + " -->");
    assertThat(at).as("README marker " + marker).isNotNegative();
    int start = readme.indexOf("```sh\n", at) + "```sh\n".length();
    int end = readme.indexOf("```", start);
    return readme
        .substring(start, end)
        .replace("http://localhost:8081", stack.managementUrl())
        .replace("dev-admin-token", stack.adminToken());
  }

  /** The variable assignments of the setup block, for the later blocks that use them. */
  private static String variables(String setup) {
    return Arrays.stream(setup.split("\n"))
        .filter(line -> line.matches("[A-Z]+=.*"))
        .reduce("", (all, line) -> all + line + "\n");
  }

  private static void bash(String script) throws IOException, InterruptedException {
    Process process =
        new ProcessBuilder("bash", "-euo", "pipefail", "-c", script)
            .redirectErrorStream(true)
            .start();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.exitValue()).as("script:\n%s\noutput:\n%s", script, output).isZero();
  }
}
