package dev.switchboard.testsupport;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import redis.embedded.RedisServer;

/**
 * The JVM's one embedded Redis server (a real {@code redis-server} 6.2 binary shipped in the
 * codemonstur jar), listening on 127.0.0.1 on a free port, started on first use and stopped when
 * the JVM exits.
 *
 * <p>All test classes share the one server and its 16 logical databases: use keys unique to the
 * test (or {@code FLUSHDB} in a setup method) where that matters.
 */
public final class Redis {

  private static final String HOST = "127.0.0.1";
  private static final int START_ATTEMPTS = 3;

  private static final OncePerJvm<RedisServer> SERVER =
      new OncePerJvm<>("Redis", Redis::start, RedisServer::stop);

  private Redis() {}

  /** The address the server listens on; always the IPv4 loopback address. */
  public static String host() {
    SERVER.get();
    return HOST;
  }

  /** The server's port; starts the server if this is the first use in the JVM. */
  public static int port() {
    return SERVER.get().ports().get(0);
  }

  /** The server's start time in this JVM in milliseconds, or -1 if it has not been started. */
  public static long startupMillis() {
    return SERVER.startupMillis();
  }

  private static RedisServer start() throws IOException {
    @Nullable IOException last = null;
    // The port is free when chosen but another process may take it before redis-server binds it;
    // a new port on the next attempt makes that race harmless.
    for (int attempt = 0; attempt < START_ATTEMPTS; attempt++) {
      RedisServer server =
          RedisServer.newRedisServer()
              .bind(HOST)
              .port(freeLoopbackPort())
              // A cache for tests: no snapshots or append-only files left behind.
              .setting("save \"\"")
              .setting("appendonly no")
              // Drain the server's output so a full pipe can never block it.
              .soutListener(line -> {})
              .serrListener(line -> {})
              .build();
      try {
        server.start();
        return server;
      } catch (IOException e) {
        last = e;
      }
    }
    throw Objects.requireNonNull(last);
  }

  private static int freeLoopbackPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
      return socket.getLocalPort();
    }
  }
}
