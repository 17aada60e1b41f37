package dev.switchboard.sdk;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An in-memory flag source for users' own tests: set variable values, build clients with {@link
 * SwitchboardClient.Builder#testData(TestData)}, and every change reaches those clients at once,
 * with no server, no threads doing I/O and no events sent.
 *
 * <pre>{@code
 * TestData flags = TestData.create()
 *     .set("checkout-variant", "treatment-a")
 *     .setForUser("checkout-variant", "user-7", "control");
 * try (SwitchboardClient client = SwitchboardClient.builder("test").testData(flags).build()) {
 *   ...
 *   flags.set("new-checkout-enabled", false); // clients see it immediately
 * }
 * }</pre>
 *
 * <p>Each variable becomes its own feature (same key) in a generated config document, so values,
 * reasons ({@code TARGETING_MATCH}) and counts behave exactly as with a downloaded config.
 * Thread-safe.
 */
public final class TestData {

  private final Map<String, Flag> flags = new LinkedHashMap<>();
  private final CopyOnWriteArrayList<SwitchboardClient> clients = new CopyOnWriteArrayList<>();
  private long version;

  private TestData() {}

  /** An empty source: every variable is unknown ({@code FLAG_NOT_FOUND}) until set. */
  public static TestData create() {
    return new TestData();
  }

  /** Serves {@code value} (boolean) for {@code variableKey} to everyone. */
  public TestData set(String variableKey, boolean value) {
    return put(variableKey, "boolean", value);
  }

  /** Serves {@code value} (string) for {@code variableKey} to everyone. */
  public TestData set(String variableKey, String value) {
    return put(variableKey, "string", Objects.requireNonNull(value, "value"));
  }

  /** Serves {@code value} (number) for {@code variableKey} to everyone. */
  public TestData set(String variableKey, double value) {
    return put(variableKey, "number", value);
  }

  /**
   * Serves a JSON value (maps, lists, strings, numbers, booleans, nulls) for {@code variableKey} to
   * everyone.
   */
  public TestData setJson(String variableKey, Object value) {
    return put(variableKey, "json", value);
  }

  /**
   * Serves {@code value} to the user with id {@code userId} only; others keep the value set with
   * {@code set}. The value must be of the variable's type; set the everyone-value first.
   */
  public synchronized TestData setForUser(String variableKey, String userId, Object value) {
    Flag flag = flags.get(variableKey);
    if (flag == null) {
      throw new IllegalStateException("set a value for " + variableKey + " first");
    }
    flag.perUser.put(Objects.requireNonNull(userId, "userId"), value);
    publish();
    return this;
  }

  /** Turns a variable's feature off: evaluations return the caller's default ({@code DISABLED}). */
  public synchronized TestData turnOff(String variableKey) {
    Flag flag = flags.get(variableKey);
    if (flag != null) {
      flag.on = false;
      publish();
    }
    return this;
  }

  /** Removes a variable: evaluations return the caller's default ({@code FLAG_NOT_FOUND}). */
  public synchronized TestData remove(String variableKey) {
    if (flags.remove(variableKey) != null) {
      publish();
    }
    return this;
  }

  private synchronized TestData put(String variableKey, String type, Object value) {
    Objects.requireNonNull(variableKey, "variableKey");
    Flag previous = flags.get(variableKey);
    Flag flag = new Flag(type, value);
    if (previous != null && previous.type.equals(type)) {
      flag.perUser.putAll(previous.perUser);
    }
    flags.put(variableKey, flag);
    publish();
    return this;
  }

  synchronized void attach(SwitchboardClient client) {
    clients.add(client);
    client.apply(document(), null, "test data");
  }

  void detach(SwitchboardClient client) {
    clients.remove(client);
  }

  private void publish() {
    version++;
    byte[] document = document();
    for (SwitchboardClient client : clients) {
      client.apply(document, null, "test data");
    }
  }

  /** The generated config document (docs/config-format.md). */
  private byte[] document() {
    List<Object> features = new ArrayList<>();
    List<Object> variables = new ArrayList<>();
    for (Map.Entry<String, Flag> entry : flags.entrySet()) {
      String key = entry.getKey();
      Flag flag = entry.getValue();
      variables.add(Map.of("key", key, "type", flag.type, "feature", key));
      List<Object> variations = new ArrayList<>();
      List<Object> rules = new ArrayList<>();
      int n = 0;
      for (Map.Entry<String, Object> perUser : flag.perUser.entrySet()) {
        String variation = "user-" + n++;
        variations.add(variation(variation, key, perUser.getValue()));
        rules.add(
            Map.of(
                "id", variation,
                "audience", Map.of("type", "users", "ids", List.of(perUser.getKey())),
                "serve", Map.of("variation", variation)));
      }
      variations.add(variation("everyone", key, flag.value));
      rules.add(
          Map.of(
              "id", "everyone",
              "audience", Map.of("type", "all"),
              "serve", Map.of("variation", "everyone")));
      Map<String, Object> targeting = new LinkedHashMap<>();
      targeting.put("on", flag.on);
      targeting.put("rules", rules);
      features.add(Map.of("key", key, "variations", variations, "targeting", targeting));
    }
    Map<String, Object> document = new LinkedHashMap<>();
    document.put("schemaVersion", 1);
    document.put("project", Map.of("key", "test-data"));
    document.put("environment", Map.of("key", "test"));
    document.put("version", version);
    document.put("features", features);
    document.put("variables", variables);
    return Json.mapper().writeValueAsBytes(document);
  }

  private static Map<String, Object> variation(String key, String variable, Object value) {
    Map<String, Object> values = new LinkedHashMap<>();
    values.put(variable, value);
    return Map.of("key", key, "values", values);
  }

  private static final class Flag {
    final String type;
    final Object value;
    final Map<String, Object> perUser = new LinkedHashMap<>();
    boolean on = true;

    Flag(String type, Object value) {
      this.type = type;
      this.value = value;
    }
  }
}
