package dev.switchboard.testsupport;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The JVM's one embedded PostgreSQL server (real PostgreSQL 17 binaries from the zonky jars),
 * started on first use and stopped when the JVM exits.
 *
 * <p>Tests never share a database: each caller of {@link #newDatabase()} gets its own, so test
 * classes are isolated from each other while paying for the server start only once.
 */
public final class Postgres {

  private static final String SUPERUSER = "postgres";
  private static final AtomicInteger DATABASES = new AtomicInteger();

  private static final OncePerJvm<EmbeddedPostgres> SERVER =
      new OncePerJvm<>("PostgreSQL", Postgres::start, EmbeddedPostgres::close);

  private Postgres() {}

  /**
   * Creates a new, empty database (from {@code template1}) and returns how to reach it. Starts the
   * server first if this is the first use in the JVM (about 3–4 s; later calls cost tens of ms).
   */
  public static PostgresDatabase newDatabase() {
    EmbeddedPostgres server = SERVER.get();
    String name = "test_" + DATABASES.incrementAndGet();
    try (Connection connection = server.getPostgresDatabase().getConnection();
        Statement statement = connection.createStatement()) {
      // The name is generated above, never user input, so concatenation is safe here.
      statement.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException("could not create database " + name, e);
    }
    String jdbcUrl = "jdbc:postgresql://localhost:" + server.getPort() + "/" + name;
    return new PostgresDatabase(name, jdbcUrl, SUPERUSER, SUPERUSER);
  }

  /** Starts the server if this is the first use in the JVM, without creating a database. */
  static void ensureStarted() {
    SERVER.get();
  }

  /** The server's start time in this JVM in milliseconds, or -1 if it has not been started. */
  public static long startupMillis() {
    return SERVER.startupMillis();
  }

  private static EmbeddedPostgres start() throws Exception {
    return EmbeddedPostgres.builder()
        // Our shutdown hook stops it; one hook per server keeps the order predictable.
        .setRegisterShutdownHook(false)
        // Durability is worthless for a database thrown away at JVM exit; this makes DDL-heavy
        // migrations noticeably faster.
        .setServerConfig("fsync", "off")
        .setServerConfig("full_page_writes", "off")
        .start();
  }
}
