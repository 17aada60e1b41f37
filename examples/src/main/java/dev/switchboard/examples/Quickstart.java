package dev.switchboard.examples;

import dev.switchboard.bucketing.User;
import dev.switchboard.sdk.SwitchboardClient;
import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * The README's walkthrough: a backend service that evaluates {@code checkout-variant} for two users
 * with the Java SDK, then prints the values again every time the flag's config changes.
 *
 * <pre>
 * ./mvnw -q -pl examples exec:java -Dexec.args="&lt;server key&gt;"
 * </pre>
 */
public final class Quickstart {
  static final List<User> USERS =
      List.of(
          User.builder("alice").email("alice@example.com").country("DE").build(),
          User.builder("bob").email("bob@example.org").country("US").build());

  private Quickstart() {}

  public static void main(String[] args) throws InterruptedException {
    if (args.length < 1) {
      System.err.println("usage: Quickstart <server key> [edge URL] [events-api URL]");
      System.exit(2);
    }
    URI edge = URI.create(args.length > 1 ? args[1] : "http://localhost:8080");
    URI events = URI.create(args.length > 2 ? args[2] : "http://localhost:8082");
    try (SwitchboardClient client =
        SwitchboardClient.builder(args[0]).baseUri(edge).eventsUri(events).build()) {
      start(client, System.out);
      new CountDownLatch(1).await(); // until Ctrl-C
    }
  }

  /** Waits for the first config, prints the values, and prints them again on every change. */
  public static void start(SwitchboardClient client, PrintStream out) {
    if (!client.awaitInitialization(Duration.ofSeconds(10))) {
      out.println("not initialized yet: serving defaults until the edge answers");
    }
    print(client, out);
    client.addChangeListener(change -> print(client, out));
  }

  private static void print(SwitchboardClient client, PrintStream out) {
    StringBuilder line = new StringBuilder("config version " + client.configVersion() + ":");
    for (User user : USERS) {
      String variant = client.stringValue(user, "checkout-variant", "control");
      line.append(' ').append(user.id()).append('=').append(variant);
    }
    out.println(line);
  }
}
