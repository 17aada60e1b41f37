package dev.switchboard.testsupport;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import kafka.server.BrokerServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * The JVM's one embedded Kafka broker (an in-process KRaft node, broker and controller combined,
 * from {@code spring-kafka-test}), started on first use and stopped when the JVM exits.
 *
 * <p>Topics are created automatically on first produce or subscribe; {@link #createTopics} creates
 * them up front. {@link #startOutage()} takes the broker down and brings it back on the same port
 * with its data, to test how producers and consumers ride out an outage.
 */
public final class Kafka {

  /** Not {@code spring.kafka.bootstrap-servers}: properties are registered explicitly. */
  private static final String BROKER_LIST_PROPERTY = "switchboard.test.kafka.bootstrap-servers";

  /**
   * Short enough that a restart waits at most this long for the old registration to expire, long
   * enough that a busy two-core machine does not miss heartbeats and fence a live broker.
   */
  private static final int BROKER_SESSION_TIMEOUT_MS = 2_000;

  private static final int BROKER_HEARTBEAT_INTERVAL_MS = 200;

  private static final OncePerJvm<EmbeddedKafkaKraftBroker> BROKER =
      new OncePerJvm<>("Kafka", Kafka::start, DisposableBean::destroy);

  private static final Object OUTAGE_LOCK = new Object();
  private static boolean inOutage;

  private Kafka() {}

  /** {@code host:port} of the broker, for {@code bootstrap.servers}; stays valid across outages. */
  public static String bootstrapServers() {
    return BROKER.get().getBrokersAsString();
  }

  /**
   * Creates topics with one partition each; a topic that already exists is left as it is, so test
   * classes sharing the broker may all declare the topics they use.
   */
  public static void createTopics(String... names) {
    Map<String, Exception> failures = BROKER.get().addTopicsWithResults(names);
    failures.forEach(
        (topic, failure) -> {
          if (failure != null && !isTopicExists(failure)) {
            throw new IllegalStateException("could not create topic " + topic, failure);
          }
        });
  }

  /**
   * Shuts the broker down until the returned outage is {@linkplain KafkaOutage#end() ended}.
   *
   * <p>During the outage nothing listens on the broker's port: clients get "connection refused",
   * exactly as when a real broker process dies. Ending the outage starts the same broker again, on
   * the same port and with the same log directories, so committed records, topics and consumer
   * group offsets survive, and returns once every partition has a leader again. Clients reconnect
   * by themselves, after their own reconnect and metadata back-off (up to {@code
   * retry.backoff.max.ms}, 1 s by default), so the first send after an outage may still fail.
   *
   * <p>The broker is shared by the whole JVM: do not run tests that need Kafka in parallel with a
   * test that causes an outage.
   *
   * @throws IllegalStateException if an outage is already in progress
   */
  public static KafkaOutage startOutage() {
    BrokerServer broker = brokerServer();
    synchronized (OUTAGE_LOCK) {
      if (inOutage) {
        throw new IllegalStateException("a Kafka outage is already in progress");
      }
      broker.shutdown();
      inOutage = true;
    }
    return new KafkaOutage(Kafka::endOutage);
  }

  /**
   * Shuts down {@code broker}, a started broker from {@link #singleNodeBroker} that is not the
   * JVM's shared one (dev-stack's, for its fault injection), until the returned outage ends; the
   * same semantics as {@link #startOutage()}. The caller makes sure outages of one broker do not
   * overlap.
   */
  public static KafkaOutage startOutage(EmbeddedKafkaKraftBroker broker) {
    BrokerServer server = brokerServer(broker);
    server.shutdown();
    return new KafkaOutage(
        () -> {
          server.startup();
          awaitEveryPartitionHasALeader(broker.getBrokersAsString());
        });
  }

  /** The broker's start time in this JVM in milliseconds, or -1 if it has not been started. */
  public static long startupMillis() {
    return BROKER.startupMillis();
  }

  private static void endOutage() {
    BrokerServer broker = brokerServer();
    synchronized (OUTAGE_LOCK) {
      if (!inOutage) {
        return;
      }
      // Blocks until the broker has caught up with the metadata log and been unfenced.
      broker.startup();
      inOutage = false;
      awaitEveryPartitionHasALeader(bootstrapServers());
    }
  }

  /**
   * Leaders are elected only after the broker is unfenced; until then clients get
   * LEADER_NOT_AVAILABLE. Waiting here lets a test treat "outage ended" as "Kafka is serving".
   */
  private static void awaitEveryPartitionHasALeader(String bootstrapServers) {
    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
      await("every partition has a leader again")
          .atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(50))
          .ignoreExceptions()
          .until(() -> everyPartitionHasALeader(admin));
    }
  }

  private static boolean everyPartitionHasALeader(Admin admin) throws Exception {
    Set<String> topics = admin.listTopics(new ListTopicsOptions().listInternal(true)).names().get();
    for (TopicDescription topic : admin.describeTopics(topics).allTopicNames().get().values()) {
      for (TopicPartitionInfo partition : topic.partitions()) {
        if (partition.leader() == null || partition.leader().isEmpty()) {
          return false;
        }
      }
    }
    return true;
  }

  private static BrokerServer brokerServer() {
    return brokerServer(BROKER.get());
  }

  private static BrokerServer brokerServer(EmbeddedKafkaKraftBroker broker) {
    KafkaClusterTestKit cluster = broker.getCluster();
    if (cluster == null) {
      throw new IllegalStateException("the embedded Kafka broker has been destroyed");
    }
    return cluster.brokers().values().iterator().next();
  }

  private static boolean isTopicExists(Exception failure) {
    return failure instanceof ExecutionException
        && failure.getCause() instanceof TopicExistsException;
  }

  private static EmbeddedKafkaKraftBroker start() {
    EmbeddedKafkaKraftBroker broker = singleNodeBroker(0);
    broker.afterPropertiesSet();
    return broker;
  }

  /**
   * A single-node KRaft broker (not started: call {@code afterPropertiesSet()}) tuned for one
   * machine: one partition for internal topics, replication factor 1, fast restarts. dev-stack uses
   * it too.
   *
   * @param port the client port, or 0 for a free one
   */
  public static EmbeddedKafkaKraftBroker singleNodeBroker(int port) {
    EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 1);
    if (port != 0) {
      broker.kafkaPorts(port);
    }
    broker.brokerListProperty(BROKER_LIST_PROPERTY);
    // A restarted broker registers a new incarnation, which the controller rejects as a duplicate
    // until the old one's session has expired, retrying once per heartbeat interval. Kafka's
    // defaults (9 s session, 2 s heartbeat) would make every outage end take about 10 s.
    broker.brokerProperties(
        Map.of(
            "broker.session.timeout.ms", String.valueOf(BROKER_SESSION_TIMEOUT_MS),
            "broker.heartbeat.interval.ms", String.valueOf(BROKER_HEARTBEAT_INTERVAL_MS),
            // The first consumer group or transaction creates these internal topics; with the
            // default 50 partitions that alone takes seconds.
            "offsets.topic.num.partitions", "1",
            "transaction.state.log.num.partitions", "1",
            // The defaults (3 replicas, min ISR 2) would make transactional producers fail on a
            // single broker.
            "transaction.state.log.replication.factor", "1",
            "transaction.state.log.min.isr", "1"));
    return broker;
  }
}
