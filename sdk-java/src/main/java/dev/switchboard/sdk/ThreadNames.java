package dev.switchboard.sdk;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Names the threads of one client {@code switchboard-<role>-<client number>} and makes them daemon
 * threads, so that an SDK never keeps its host's JVM alive and a thread dump shows who owns what.
 */
final class ThreadNames {
  private static final AtomicInteger CLIENTS = new AtomicInteger();

  private final int client = CLIENTS.incrementAndGet();

  ThreadFactory factory(String role) {
    return runnable -> newThread(role, runnable);
  }

  Thread newThread(String role, Runnable runnable) {
    Thread thread = new Thread(runnable, "switchboard-" + role + "-" + client);
    thread.setDaemon(true);
    return thread;
  }
}
