package dev.switchboard.benchmarks;

import com.launchdarkly.sdk.LDContext;
import com.launchdarkly.sdk.server.Components;
import com.launchdarkly.sdk.server.LDClient;
import com.launchdarkly.sdk.server.LDConfig;
import com.launchdarkly.sdk.server.integrations.FileData;

/**
 * LaunchDarkly's SDK as {@link LaunchDarklySdk} configures it (same flag file, same contexts), but
 * with analytics events on and sent to a {@link LocalEdge}: the like-for-like peer of {@link
 * SwitchboardClientSdk}, which counts every evaluation.
 */
public final class LaunchDarklyEventsSdk extends FlagSdk<LDContext> {
  private final LaunchDarklySdk contexts = new LaunchDarklySdk();
  private LocalEdge edge;
  private LDClient client;

  @Override
  public void start() throws Exception {
    edge = new LocalEdge(new byte[0]);
    LDConfig config =
        new LDConfig.Builder()
            .dataSource(FileData.dataSource().classpathResources(LaunchDarklySdk.FLAGS_RESOURCE))
            .serviceEndpoints(Components.serviceEndpoints().events(edge.uri()))
            .events(Components.sendEvents())
            .diagnosticOptOut(true)
            .build();
    client = new LDClient("sdk-key-offline-bench", config);
    if (!client.isInitialized()) {
      throw new IllegalStateException("LaunchDarkly client did not initialize");
    }
  }

  @Override
  public LDContext context(User u) {
    return contexts.context(u);
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
    if (edge != null) {
      edge.close();
    }
  }
}
