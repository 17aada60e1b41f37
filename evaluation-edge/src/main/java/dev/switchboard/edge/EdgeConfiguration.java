package dev.switchboard.edge;

import dev.switchboard.edge.catalogue.Catalogue;
import dev.switchboard.edge.catalogue.CatalogueConsumer;
import dev.switchboard.edge.catalogue.ConfigLoader;
import dev.switchboard.edge.catalogue.DependencyStatus;
import dev.switchboard.edge.catalogue.DependencyStatus.Dependency;
import dev.switchboard.edge.catalogue.DocumentCache;
import dev.switchboard.edge.catalogue.EdgeReadiness;
import dev.switchboard.edge.stream.StreamHub;
import dev.switchboard.edge.stream.StreamLifecycle;
import dev.switchboard.objectstore.ObjectStore;
import dev.switchboard.objectstore.ObjectStoreSettings;
import dev.switchboard.objectstore.ObjectStores;
import io.lettuce.core.RedisURI;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/** Wires the catalogue, its caches and loaders, and the stream hub. */
@Configuration(proxyBeanMethods = false)
class EdgeConfiguration {

  @Bean
  Clock clock() {
    return Clock.systemUTC();
  }

  @Bean
  DependencyStatus dependencyStatus(Clock clock) {
    return new DependencyStatus(clock);
  }

  @Bean
  Catalogue catalogue(Clock clock, MeterRegistry meters) {
    Catalogue catalogue = new Catalogue(clock);
    Gauge.builder("switchboard.edge.configs.held", catalogue, Catalogue::heldCount)
        .description("config documents held in memory")
        .register(meters);
    Gauge.builder("switchboard.edge.configs.missing", catalogue, Catalogue::missingCount)
        .description("announced config versions not loaded yet")
        .register(meters);
    Gauge.builder("switchboard.edge.keys", catalogue, Catalogue::keyCount)
        .description("SDK keys known from the catalogue")
        .register(meters);
    return catalogue;
  }

  /** {@code switchboard.object-store.*}; the filesystem store under ./data by default. */
  @Bean
  ObjectStore objectStore(Environment environment) {
    ObjectStoreSettings settings =
        Binder.get(environment)
            .bind("switchboard.object-store", ObjectStoreSettings.class)
            .orElseThrow(() -> new IllegalStateException("switchboard.object-store.* is not set"));
    return ObjectStores.create(settings);
  }

  @Bean(destroyMethod = "close")
  DocumentCache documentCache(
      EdgeProperties properties,
      DependencyStatus status,
      @Value("${spring.data.redis.host:localhost}") String host,
      @Value("${spring.data.redis.port:6379}") int port,
      @Value("${spring.data.redis.password:}") String password,
      @Value("${spring.data.redis.database:0}") int database) {
    RedisURI.Builder uri = RedisURI.builder().withHost(host).withPort(port).withDatabase(database);
    if (!password.isEmpty()) {
      uri.withPassword(password.toCharArray());
    }
    return new DocumentCache(
        uri.build(),
        properties.redisKeyPrefix(),
        properties.redisTtl(),
        properties.redisTimeout(),
        status);
  }

  @Bean(destroyMethod = "shutdownNow")
  ScheduledExecutorService edgeScheduler() {
    return Executors.newScheduledThreadPool(1, daemonThreads("edge-scheduler"));
  }

  @Bean(destroyMethod = "shutdownNow")
  ScheduledExecutorService configLoaderExecutor() {
    return Executors.newScheduledThreadPool(2, daemonThreads("config-loader"));
  }

  @Bean
  ConfigLoader configLoader(
      Catalogue catalogue,
      DocumentCache cache,
      ObjectStore store,
      DependencyStatus status,
      ScheduledExecutorService configLoaderExecutor,
      EdgeProperties properties) {
    ConfigLoader loader =
        new ConfigLoader(
            catalogue, cache, store, status, configLoaderExecutor, properties.loadRetryMax());
    catalogue.addListener(loader);
    cache.onRecovery(loader::refillCache);
    return loader;
  }

  @Bean
  StreamHub streamHub(Catalogue catalogue, EdgeProperties properties, MeterRegistry meters) {
    StreamHub hub = new StreamHub(catalogue, properties, meters);
    catalogue.addListener(hub);
    return hub;
  }

  @Bean
  StreamLifecycle streamLifecycle(
      StreamHub hub, ScheduledExecutorService edgeScheduler, EdgeProperties properties) {
    return new StreamLifecycle(hub, edgeScheduler, properties);
  }

  @Bean(destroyMethod = "close")
  CatalogueConsumer catalogueConsumer(
      @Value("${spring.kafka.bootstrap-servers:localhost:9092}") String bootstrapServers,
      Catalogue catalogue,
      DependencyStatus status,
      EdgeProperties properties,
      ConfigLoader loader,
      StreamHub hub,
      MeterRegistry meters) {
    CatalogueConsumer consumer =
        new CatalogueConsumer(bootstrapServers, catalogue, status, properties.probeInterval());
    Gauge.builder("switchboard.edge.catalogue.lag", consumer, CatalogueConsumer::lag)
        .description("announcements not read yet (-1 before the first probe)")
        .register(meters);
    return consumer;
  }

  /** Starts reading the catalogue once everything that reacts to it exists. */
  @Bean
  SmartLifecycle catalogueStart(CatalogueConsumer consumer) {
    return new SmartLifecycle() {
      private volatile boolean running;

      @Override
      public void start() {
        consumer.start();
        running = true;
      }

      @Override
      public void stop() {
        running = false;
      }

      @Override
      public boolean isRunning() {
        return running;
      }
    };
  }

  /** Probes Redis and the object store, so readiness notices outages between loads. */
  @Bean
  SmartLifecycle dependencyProbes(
      ScheduledExecutorService edgeScheduler,
      DocumentCache cache,
      ObjectStore store,
      DependencyStatus status,
      EdgeProperties properties) {
    return new SmartLifecycle() {
      private volatile boolean running;

      @Override
      public void start() {
        long every = properties.probeInterval().toMillis();
        edgeScheduler.scheduleWithFixedDelay(
            () -> {
              cache.probe();
              try {
                store.get("config/v1/probe/readiness.json");
                status.up(Dependency.OBJECT_STORE);
              } catch (RuntimeException e) {
                status.down(Dependency.OBJECT_STORE, e);
              }
            },
            0,
            every,
            TimeUnit.MILLISECONDS);
        running = true;
      }

      @Override
      public void stop() {
        running = false;
      }

      @Override
      public boolean isRunning() {
        return running;
      }
    };
  }

  @Bean("edgeReadiness")
  EdgeReadiness edgeReadiness(
      Catalogue catalogue, CatalogueConsumer consumer, DependencyStatus status) {
    return new EdgeReadiness(catalogue, consumer, status);
  }

  private static ThreadFactory daemonThreads(String name) {
    AtomicInteger counter = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, name + "-" + counter.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}
