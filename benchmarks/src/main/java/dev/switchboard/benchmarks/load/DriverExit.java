package dev.switchboard.benchmarks.load;

import java.util.concurrent.Callable;

/** How every load driver ends: with its outcome as the exit status, and its failure printed. */
final class DriverExit {
  private DriverExit() {}

  /**
   * Runs {@code drive} and exits the JVM: status 0 when it returned true, 2 when it returned false
   * (a usage error or a failed check, already reported), 1 when it threw (the stack trace goes to
   * standard error). Exiting also ends any thread the embedded servers left running.
   */
  static void after(Callable<Boolean> drive) {
    int status;
    try {
      status = drive.call() ? 0 : 2;
    } catch (Throwable e) {
      e.printStackTrace();
      status = 1;
    }
    System.exit(status);
  }
}
