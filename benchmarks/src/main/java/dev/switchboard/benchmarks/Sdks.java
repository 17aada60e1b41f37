package dev.switchboard.benchmarks;

import java.util.List;

/** The engines under test, by the name used in the benchmarks' {@code sdk} parameter. */
public final class Sdks {
  public static final String SWITCHBOARD = "switchboard";
  public static final String LAUNCHDARKLY = "launchdarkly";
  public static final List<String> NAMES = List.of(SWITCHBOARD, LAUNCHDARKLY);

  private Sdks() {}

  /** A new, not yet started adapter for {@code name}. */
  @SuppressWarnings("unchecked")
  public static FlagSdk<Object> create(String name) {
    FlagSdk<?> sdk =
        switch (name) {
          case SWITCHBOARD -> new SwitchboardSdk();
          case LAUNCHDARKLY -> new LaunchDarklySdk();
          default ->
              throw new IllegalArgumentException("unknown sdk " + name + "; one of " + NAMES);
        };
    return (FlagSdk<Object>) sdk;
  }

  /** Creates, starts and sanity-checks an adapter; throws on any mismatch. */
  public static FlagSdk<Object> startVerified(String name) throws Exception {
    FlagSdk<Object> sdk = create(name);
    try {
      sdk.start();
      SanityCheck.verify(name, sdk);
      return sdk;
    } catch (Exception | Error e) {
      sdk.close();
      throw e;
    }
  }

  /** The contexts of {@code User.benchUsers(n)}, built once. */
  public static Object[] contexts(FlagSdk<Object> sdk, int n) {
    User[] users = User.benchUsers(n);
    Object[] contexts = new Object[n];
    for (int k = 0; k < n; k++) {
      contexts[k] = sdk.context(users[k]);
    }
    return contexts;
  }
}
