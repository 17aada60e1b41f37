package dev.switchboard.testsupport;

import java.lang.System.Logger.Level;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;

/**
 * One embedded server per JVM: started on the first {@link #get()}, stopped by a shutdown hook.
 *
 * <p>A failed start is remembered and rethrown to every later caller, so a broken binary costs one
 * start attempt per JVM rather than one per test class.
 */
final class OncePerJvm<T> {

  /** Stops a started server; called once, from the JVM shutdown hook. */
  interface Stopper<T> {
    void stop(T server) throws Exception;
  }

  private static final System.Logger LOG = System.getLogger(OncePerJvm.class.getName());

  private final String name;
  private final Callable<T> starter;
  private final Stopper<T> stopper;
  private @Nullable T server;
  private @Nullable RuntimeException failure;
  private long startupMillis = -1;

  OncePerJvm(String name, Callable<T> starter, Stopper<T> stopper) {
    this.name = name;
    this.starter = starter;
    this.stopper = stopper;
  }

  synchronized T get() {
    if (server != null) {
      return server;
    }
    if (failure != null) {
      throw failure;
    }
    long start = System.nanoTime();
    T started;
    try {
      started = starter.call();
    } catch (Exception | LinkageError e) {
      failure = new IllegalStateException("embedded " + name + " failed to start", e);
      throw failure;
    }
    startupMillis = (System.nanoTime() - start) / 1_000_000;
    LOG.log(Level.INFO, "embedded {0} started in {1} ms", name, startupMillis);
    Runtime.getRuntime()
        .addShutdownHook(new Thread(() -> stopQuietly(started), "stop-embedded-" + name));
    server = started;
    return started;
  }

  /** How long the start took, or -1 if the server has not been started in this JVM. */
  synchronized long startupMillis() {
    return startupMillis;
  }

  private void stopQuietly(T started) {
    try {
      stopper.stop(started);
    } catch (Exception e) {
      // The JVM is exiting: report, but do not mask the test results.
      LOG.log(Level.WARNING, "embedded " + name + " did not stop cleanly", e);
    }
  }
}
