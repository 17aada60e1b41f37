package dev.switchboard.devstack;

import dev.switchboard.testsupport.Kafka;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import org.apache.kafka.common.utils.Exit;
import org.jspecify.annotations.Nullable;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import redis.embedded.RedisServer;

/**
 * The real servers the platform needs, embedded: PostgreSQL (data kept in the data directory, so
 * flags survive a restart), a Kafka KRaft broker and redis-server (both in memory: config-service
 * rebuilds every environment on start, and Redis is only a cache), and a directory as the object
 * store.
 */
final class LocalInfrastructure implements AutoCloseable {
  static final String POSTGRES_USER = "postgres";

  /**
   * Kafka's exit hooks (they delete the broker's temporary directories), run by {@link #close}
   * after the broker has stopped. Left to the JVM they would run alongside dev-stack's own shutdown
   * hook and delete the directories under the running broker, which then logs errors while it
   * stops.
   */
  private static final List<Runnable> KAFKA_EXIT_HOOKS = new CopyOnWriteArrayList<>();

  private final EmbeddedPostgres postgres;
  private final EmbeddedKafkaKraftBroker kafka;
  private final RedisServer redis;
  private final DevStackOptions options;

  private LocalInfrastructure(
      DevStackOptions options,
      EmbeddedPostgres postgres,
      EmbeddedKafkaKraftBroker kafka,
      RedisServer redis) {
    this.options = options;
    this.postgres = postgres;
    this.kafka = kafka;
    this.redis = redis;
  }

  /**
   * Starts the three servers. The Kafka broker (in this JVM) starts on a thread of its own while
   * PostgreSQL (a process of its own) initialises, so that start-up waits for the slower of the two
   * rather than for both; if either fails, whatever started is stopped.
   */
  static LocalInfrastructure start(DevStackOptions options) throws IOException {
    Path postgresData = options.dataDirectory().resolve("postgres");
    Files.createDirectories(postgresData);
    Files.createDirectories(options.objectStoreDirectory());
    Exit.setShutdownHookAdder((name, hook) -> KAFKA_EXIT_HOOKS.add(hook));
    FutureTask<EmbeddedKafkaKraftBroker> kafkaStart =
        new FutureTask<>(
            () -> {
              EmbeddedKafkaKraftBroker broker = Kafka.singleNodeBroker(options.kafkaPort());
              broker.afterPropertiesSet();
              return broker;
            });
    Thread kafkaThread = new Thread(kafkaStart, "dev-stack-kafka-start");
    kafkaThread.setDaemon(true);
    kafkaThread.start();
    EmbeddedPostgres postgres = null;
    EmbeddedKafkaKraftBroker kafka = null;
    RedisServer redis = null;
    try {
      postgres =
          EmbeddedPostgres.builder()
              .setDataDirectory(postgresData)
              .setCleanDataDirectory(false)
              .setPort(options.postgresPort())
              .setRegisterShutdownHook(false)
              .start();
      for (String database : new String[] {"switchboard", "switchboard_events"}) {
        createDatabaseIfMissing(postgres, database);
      }
      kafka = await(kafkaStart);
      redis =
          RedisServer.newRedisServer()
              .port(options.redisPort())
              .bind("127.0.0.1")
              .setting("save \"\"")
              .setting("appendonly no")
              .build();
      redis.start();
      return new LocalInfrastructure(options, postgres, kafka, redis);
    } catch (RuntimeException | IOException e) {
      if (kafka == null) {
        kafka = awaitQuietly(kafkaStart, e);
      }
      if (kafka != null) {
        kafka.destroy();
      }
      runKafkaExitHooks();
      if (postgres != null) {
        postgres.close();
      }
      throw e;
    }
  }

  private static EmbeddedKafkaKraftBroker await(FutureTask<EmbeddedKafkaKraftBroker> start)
      throws IOException {
    try {
      return start.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while the Kafka broker was starting", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new IOException("the Kafka broker did not start", e.getCause());
    }
  }

  /** The broker once its start has ended, to stop it after {@code failure}; null if it failed. */
  private static @Nullable EmbeddedKafkaKraftBroker awaitQuietly(
      FutureTask<EmbeddedKafkaKraftBroker> start, Exception failure) {
    try {
      return await(start);
    } catch (RuntimeException | IOException e) {
      failure.addSuppressed(e);
      return null;
    }
  }

  String jdbcUrl(String database) {
    return "jdbc:postgresql://localhost:" + postgres.getPort() + "/" + database;
  }

  String kafkaBootstrapServers() {
    return kafka.getBrokersAsString();
  }

  int redisPort() {
    return options.redisPort();
  }

  Path objectStoreDirectory() {
    return options.objectStoreDirectory();
  }

  @Override
  public void close() throws IOException {
    try {
      redis.stop();
    } finally {
      try {
        kafka.destroy();
        runKafkaExitHooks();
      } finally {
        postgres.close();
      }
    }
  }

  /** Runs (once) the exit hooks Kafka registered, now that the broker has stopped. */
  private static void runKafkaExitHooks() {
    for (Runnable hook : KAFKA_EXIT_HOOKS) {
      KAFKA_EXIT_HOOKS.remove(hook);
      hook.run();
    }
  }

  /** Stops the Kafka broker until the outage ends (then on the same port, with its data). */
  Outage kafkaOutage() {
    return new Outage(Kafka.startOutage(kafka)::end);
  }

  /** Stops redis-server until the outage ends (then on the same port, empty: it is a cache). */
  Outage redisOutage() throws IOException {
    redis.stop();
    return new Outage(
        () -> {
          try {
            redis.start();
          } catch (IOException e) {
            throw new UncheckedIOException("could not start redis-server again", e);
          }
        });
  }

  /**
   * Makes the filesystem object store fail until the outage ends: its directory is moved aside and
   * a plain file takes its place, so every read and write fails with an I/O error (as with a store
   * that is unreachable; a missing directory alone would be recreated by the next write).
   */
  Outage objectStoreOutage() throws IOException {
    Path store = options.objectStoreDirectory();
    Path aside = store.resolveSibling(store.getFileName() + ".outage");
    Files.move(store, aside);
    Files.createFile(store);
    return new Outage(
        () -> {
          try {
            Files.delete(store);
            Files.move(aside, store);
          } catch (IOException e) {
            throw new UncheckedIOException("could not bring the object store back", e);
          }
        });
  }

  private static void createDatabaseIfMissing(EmbeddedPostgres postgres, String name) {
    try (Connection connection = postgres.getPostgresDatabase().getConnection();
        Statement statement = connection.createStatement()) {
      try (ResultSet exists =
          statement.executeQuery("select 1 from pg_database where datname = '" + name + "'")) {
        if (exists.next()) {
          return;
        }
      }
      // The names are constants of this class, never user input.
      statement.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException("could not create database " + name, e);
    }
  }
}
