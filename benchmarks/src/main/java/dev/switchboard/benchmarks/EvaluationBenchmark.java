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
 * Local evaluation cost for 1,024 pre-built users, Switchboard and LaunchDarkly side by side:
 * {@link #newCheckout} is the {@code new-checkout} A/B flag (three targeting rules and a 50/50
 * split); {@link #booleanFlag} the on/off flag {@code dark-mode}, served {@code true} to everyone.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@Threads(1)
@State(Scope.Thread)
public class EvaluationBenchmark {

  @Param({Sdks.SWITCHBOARD, Sdks.LAUNCHDARKLY})
  public String sdk;

  private FlagSdk<Object> client;
  private Object[] contexts;
  private int i;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    client = Sdks.startVerified(sdk); // throws -> JMH reports the failure, no score
    contexts = Sdks.contexts(client, SanityCheck.BENCH_USERS);
  }

  @Benchmark
  public String newCheckout() {
    return client.evaluate(contexts[i++ & 1023]);
  }

  @Benchmark
  public boolean booleanFlag() {
    return client.evaluateBoolean(contexts[i++ & 1023]);
  }

  @TearDown(Level.Trial)
  public void tearDown() throws Exception {
    client.close();
  }
}
