package dev.switchboard.edge;

import dev.switchboard.contracts.ConfigPublished;
import dev.switchboard.contracts.ConfigPublished.PublishedKey;
import dev.switchboard.contracts.ObjectKeys;
import dev.switchboard.contracts.SdkType;
import dev.switchboard.contracts.Topics;
import dev.switchboard.objectstore.ObjectStore;
import dev.switchboard.objectstore.StoredObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.zip.GZIPOutputStream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Plays config-service in the tests: writes gzip documents to the object store at every key's
 * {@link ObjectKeys#config} path, then announces them on {@link Topics#CONFIG_PUBLISHED}, as
 * decision 0003 describes.
 */
final class ConfigServiceStandIn implements AutoCloseable {
  static final JsonMapper JSON = JsonMapper.builder().build();
  private static final Path EXAMPLE = Path.of("..", "docs", "examples", "new-checkout.json");

  private final ObjectStore store;
  private final KafkaProducer<String, String> producer;

  ConfigServiceStandIn(ObjectStore store, String bootstrapServers) {
    this.store = store;
    this.producer =
        new KafkaProducer<>(
            Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                ProducerConfig.ACKS_CONFIG,
                "all"),
            new StringSerializer(),
            new StringSerializer());
  }

  /** An environment with a fresh id and keys, nothing published yet. */
  static Env newEnvironment() {
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    return new Env(
        UUID.randomUUID().toString(),
        "shop-" + suffix,
        "production",
        "server-" + UUID.randomUUID().toString().replace("-", ""),
        "client-" + UUID.randomUUID().toString().replace("-", ""));
  }

  /**
   * The documented example (docs/examples/new-checkout.json) as this environment's server document
   * at {@code version}: {@code dark-mode} is client-visible, {@code new-checkout} is not.
   */
  static byte[] serverDocument(Env env, long version) {
    ObjectNode document = example(env, version);
    ((ObjectNode) document.get("features").get(1)).put("clientVisible", true);
    return JSON.writeValueAsBytes(document);
  }

  /**
   * A client document that (wrongly) still holds the server-only {@code new-checkout}, so that the
   * edge's own client-visibility check is tested.
   */
  static byte[] clientDocument(Env env, long version) {
    return serverDocument(env, version);
  }

  private static ObjectNode example(Env env, long version) {
    try {
      ObjectNode document = (ObjectNode) JSON.readTree(Files.readAllBytes(EXAMPLE));
      document.put("version", version);
      ((ObjectNode) document.get("project")).put("key", env.projectKey());
      ((ObjectNode) document.get("environment")).put("key", env.environmentKey());
      return document;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Publishes the server and client documents of {@code version} with the current keys. */
  void publishBoth(Env env, long version) {
    publish(env, SdkType.SERVER, version, serverDocument(env, version), keys(env.serverKey()));
    publish(env, SdkType.CLIENT, version, clientDocument(env, version), keys(env.clientKey()));
  }

  static List<PublishedKey> keys(String... keys) {
    List<PublishedKey> list = new ArrayList<>();
    for (String key : keys) {
      list.add(new PublishedKey(key, null));
    }
    return list;
  }

  /** Writes the document for every key, then announces it; returns the announcement. */
  ConfigPublished publish(
      Env env, SdkType type, long version, byte[] document, List<PublishedKey> keys) {
    byte[] gzip = gzip(document);
    for (PublishedKey key : keys) {
      store.put(
          ObjectKeys.config(type, key.key()), new StoredObject(gzip, "application/json", "gzip"));
    }
    ConfigPublished published =
        new ConfigPublished(
            env.environmentId(),
            env.projectKey(),
            env.environmentKey(),
            type.wireName(),
            version,
            etag(document),
            ObjectKeys.config(type, keys.get(0).key()),
            document.length,
            keys,
            Instant.now(),
            Instant.now());
    announce(
        ObjectKeys.publishedRecordKey(env.environmentId(), type),
        JSON.writeValueAsString(published));
    return published;
  }

  /** A tombstone: the environment is deleted. */
  void tombstone(Env env, SdkType type) {
    announce(ObjectKeys.publishedRecordKey(env.environmentId(), type), null);
  }

  void announce(String recordKey, @Nullable String value) {
    try {
      producer.send(new ProducerRecord<>(Topics.CONFIG_PUBLISHED, recordKey, value)).get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    }
  }

  static String etag(byte[] document) {
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(document);
      return HexFormat.of().formatHex(hash, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static byte[] gzip(byte[] bytes) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
      gzip.write(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  static String utf8(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    producer.close();
  }

  /** One environment as config-service knows it. */
  record Env(
      String environmentId,
      String projectKey,
      String environmentKey,
      String serverKey,
      String clientKey) {}
}
