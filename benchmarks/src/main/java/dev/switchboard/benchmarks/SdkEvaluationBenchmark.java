package dev.switchboard.benchmarks;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The {@code new-checkout} scenario of {@link EvaluationBenchmark} through the SDKs' public client
 * calls, in one run: Switchboard's {@code SwitchboardClient.stringValue} with events on, against
 * LaunchDarkly's {@code stringVariation} with events off (the peer benchmark's configuration,
 * {@link LaunchDarklySdk}) and on ({@link LaunchDarklyEventsSdk}). Every engine passes {@link
 * SanityCheck} in its setup or JMH reports no score.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@Threads(1)
@State(Scope.Thread)
public class SdkEvaluationBenchmark {
  public static final String SWITCHBOARD_SDK = "switchboard-sdk";
  public static final String LAUNCHDARKLY_EVENTS = "launchdarkly-events";

  @Param({SWITCHBOARD_SDK, Sdks.LAUNCHDARKLY, LAUNCHDARKLY_EVENTS})
  public String sdk;

  private FlagSdk<Object> client;
  private Object[] contexts;
  private int i;

  /** A started, sanity-checked adapter for {@code name}. */
  @SuppressWarnings("unchecked")
  public static FlagSdk<Object> startVerified(String name) throws Exception {
    FlagSdk<Object> adapter =
        switch (name) {
          case SWITCHBOARD_SDK -> (FlagSdk<Object>) (FlagSdk<?>) new SwitchboardClientSdk();
          case LAUNCHDARKLY_EVENTS -> (FlagSdk<Object>) (FlagSdk<?>) new LaunchDarklyEventsSdk();
          default -> Sdks.create(name);
        };
    try {
      adapter.start();
      SanityCheck.verify(name, adapter);
      return adapter;
    } catch (Exception | Error e) {
      adapter.close();
      throw e;
    }
  }

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    client = startVerified(sdk);
    contexts = Sdks.contexts(client, SanityCheck.BENCH_USERS);
  }

  @Benchmark
  public String newCheckout() {
    return client.evaluate(contexts[i++ & 1023]);
  }

  @TearDown(Level.Trial)
  public void tearDown() throws Exception {
    client.close();
  }
}
