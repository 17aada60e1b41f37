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
 * Local evaluation cost of an on/off boolean flag served {@code true} to everyone ({@code
 * dark-mode}: Switchboard's {@code booleanVariable(user, "dark-mode", false)}, LaunchDarkly's
 * {@code boolVariation}) for the same 1,024 pre-built users.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@Threads(1)
@State(Scope.Thread)
public class BooleanFlagBenchmark {

  @Param({Sdks.SWITCHBOARD, Sdks.LAUNCHDARKLY})
  public String sdk;

  private FlagSdk<Object> client;
  private Object[] contexts;
  private int i;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    client = Sdks.startVerified(sdk); // also checks dark-mode=true for all 1,024 users
    contexts = Sdks.contexts(client, SanityCheck.BENCH_USERS);
  }

  @Benchmark
  public boolean evaluate() {
    return client.evaluateBoolean(contexts[i++ & 1023]);
  }

  @TearDown(Level.Trial)
  public void tearDown() throws Exception {
    client.close();
  }
}
