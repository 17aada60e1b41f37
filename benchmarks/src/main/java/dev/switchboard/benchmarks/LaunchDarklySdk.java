package dev.switchboard.benchmarks;

import com.launchdarkly.sdk.LDContext;
import com.launchdarkly.sdk.server.Components;
import com.launchdarkly.sdk.server.LDClient;
import com.launchdarkly.sdk.server.LDConfig;
import com.launchdarkly.sdk.server.integrations.FileData;

/**
 * LaunchDarkly's Java server SDK, configured exactly as in the peer benchmark: flags loaded offline
 * by the FileData data source from a classpath JSON file holding the full flag model (rules,
 * clauses, rollout); events and diagnostics off. The file adds a second flag, {@code dark-mode}
 * (on, fallthrough {@code true}), for the on/off boolean benchmark.
 */
public final class LaunchDarklySdk extends FlagSdk<LDContext> {
  /** ClassLoader path: no leading slash. */
  public static final String FLAGS_RESOURCE = "flags/launchdarkly.json";

  private LDClient client;

  @Override
  public void start() {
    LDConfig config =
        new LDConfig.Builder()
            .dataSource(FileData.dataSource().classpathResources(FLAGS_RESOURCE))
            .events(Components.noEvents())
            .diagnosticOptOut(true)
            .build();
    client = new LDClient("sdk-key-offline-bench", config); // blocks until the data is loaded
    if (!client.isInitialized()) {
      throw new IllegalStateException("LaunchDarkly client did not initialize");
    }
  }

  @Override
  public LDContext context(User u) {
    return LDContext.builder(u.key())
        .set("email", u.email())
        .set("country", u.country())
        .set("appVersion", u.appVersion())
        .set("plan", u.plan())
        .build();
  }

  @Override
  public String evaluate(LDContext context) {
    return client.stringVariation(FLAG_KEY, context, FALLBACK);
  }

  @Override
  public boolean evaluateBoolean(LDContext context) {
    return client.boolVariation(BOOLEAN_FLAG_KEY, context, false);
  }

  @Override
  public void close() throws Exception {
    if (client != null) {
      client.close();
    }
  }
}
