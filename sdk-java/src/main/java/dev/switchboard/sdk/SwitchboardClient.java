package dev.switchboard.sdk;

import dev.switchboard.bucketing.Config;
import dev.switchboard.bucketing.ConfigWarning;
import dev.switchboard.bucketing.ErrorCode;
import dev.switchboard.bucketing.Evaluation;
import dev.switchboard.bucketing.Evaluator;
import dev.switchboard.bucketing.InvalidConfigException;
import dev.switchboard.bucketing.User;
import dev.switchboard.bucketing.VariableType;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Switchboard's server SDK client: evaluates every flag in-process with {@code bucketing-core},
 * keeps its config current from evaluation-edge, and reports evaluation counts and custom events to
 * events-api.
 *
 * <pre>{@code
 * SwitchboardClient client = SwitchboardClient.builder("server-...")
 *     .baseUri(URI.create("http://localhost:8080"))
 *     .build();                                    // never blocks
 * client.awaitInitialization(Duration.ofSeconds(5));
 * String variant = client.stringValue(user, "checkout-variant", "control");
 * }</pre>
 *
 * <p>Every evaluation method is thread-safe, never throws, never blocks and never does I/O: before
 * a config is loaded, for an unknown variable or a wrong type it returns the caller's default, and
 * the {@code *Evaluation} variants say why ({@link dev.switchboard.bucketing.Reason#ERROR} with an
 * {@link ErrorCode}). Create one client per server key and share it; {@link #close()} it on
 * shutdown. All of its threads are daemon threads named {@code switchboard-*}.
 */
public final class SwitchboardClient implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SwitchboardClient.class);

  /** Where evaluation-edge listens by default (docs/decisions/0003). */
  public static final URI DEFAULT_BASE_URI = URI.create("http://localhost:8080");

  /** Where events-api listens by default (docs/decisions/0003). */
  public static final URI DEFAULT_EVENTS_URI = URI.create("http://localhost:8082");

  /** The shortest polling interval the builder accepts, to spare the edge. */
  public static final Duration MIN_POLL_INTERVAL = Duration.ofSeconds(30);

  private final String serverKey;
  private final Clock clock;
  private final ThreadNames threads = new ThreadNames();
  private final @Nullable ConfigFeed feed;
  private final @Nullable EventProcessor events;
  private final @Nullable Path cacheFile;
  private final @Nullable TestData testData;
  private final Duration closeTimeout;
  private final CountDownLatch initialized = new CountDownLatch(1);
  private final CopyOnWriteArrayList<Consumer<ConfigChangeEvent>> changeListeners =
      new CopyOnWriteArrayList<>();
  private final CopyOnWriteArrayList<Consumer<StatusEvent>> statusListeners =
      new CopyOnWriteArrayList<>();
  private final CopyOnWriteArrayList<ValueWatch> valueWatches = new CopyOnWriteArrayList<>();
  private final ExecutorService notifier;
  private final Object stateLock = new Object();

  private volatile Snapshot snapshot;
  private volatile ClientState state = ClientState.INITIALIZING;
  private volatile boolean closed;
  private @Nullable String lastRejected; // guarded by stateLock
  private Map<String, Long> featureDigests = Map.of(); // guarded by stateLock

  /** Starts a builder for a client of the environment whose server key this is. */
  public static Builder builder(String serverKey) {
    return new Builder(serverKey);
  }

  private SwitchboardClient(Builder builder) {
    this.serverKey = builder.serverKey;
    this.clock = builder.clock;
    this.closeTimeout = builder.closeTimeout;
    this.testData = builder.testData;
    boolean offline = builder.offline || testData != null;
    this.snapshot = Snapshot.empty(ErrorCode.PROVIDER_NOT_READY);
    ThreadPoolExecutor notifier =
        new ThreadPoolExecutor(
            0, 1, 5, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), threads.factory("listeners"));
    this.notifier = notifier;
    HttpTransport http =
        new HttpTransport(
            builder.proxy, builder.connectTimeout, builder.readTimeout, builder.headers);
    this.cacheFile =
        builder.cacheDirectory == null
            ? null
            : builder.cacheDirectory.resolve("switchboard-" + fingerprint(serverKey) + ".json");
    this.events =
        offline || !builder.sendEvents
            ? null
            : new EventProcessor(
                http,
                builder.eventsUri,
                serverKey,
                builder.flushInterval,
                builder.flushAt,
                builder.eventCapacity,
                builder.gzipEvents,
                Clock.systemUTC(),
                snapshot.counters,
                threads);

    if (testData != null) {
      testData.attach(this);
    }
    loadLocal(builder);
    if (offline) {
      this.feed = null;
      if (snapshot.config == null) {
        // nothing to evaluate and nothing to wait for
        Snapshot failed = Snapshot.empty(ErrorCode.PARSE_ERROR);
        snapshot = failed;
        setState(ClientState.ERROR, "offline mode without a valid config document");
        initialized.countDown();
      }
    } else {
      this.feed =
          new ConfigFeed(
              http,
              builder.baseUri,
              serverKey,
              builder.streaming,
              builder.pollInterval,
              builder.feedTimings,
              new FeedSink(),
              threads);
      feed.start();
    }
  }

  private void loadLocal(Builder builder) {
    byte[] bootstrap = null;
    try {
      if (builder.bootstrapFile != null) {
        bootstrap = Files.readAllBytes(builder.bootstrapFile);
      } else if (builder.bootstrapResource != null) {
        bootstrap = readResource(builder.bootstrapResource);
      }
    } catch (IOException e) {
      LOG.error("cannot read the bootstrap config: {}", e.toString());
    }
    if (bootstrap != null) {
      apply(bootstrap, null, "bootstrap");
    }
    if (cacheFile != null && Files.isRegularFile(cacheFile)) {
      try {
        apply(Files.readAllBytes(cacheFile), null, "cache");
      } catch (IOException e) {
        LOG.warn("cannot read the cached config {}: {}", cacheFile, e.toString());
      }
    }
  }

  private static byte[] readResource(String name) throws IOException {
    String path = name.startsWith("/") ? name.substring(1) : name;
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    if (loader == null) {
      loader = SwitchboardClient.class.getClassLoader();
    }
    try (InputStream in = loader.getResourceAsStream(path)) {
      if (in == null) {
        throw new IOException("no classpath resource " + name);
      }
      return in.readAllBytes();
    }
  }

  // ---------------------------------------------------------------- evaluation

  /** The value of a boolean variable for {@code user}, or {@code defaultValue}. */
  public boolean booleanValue(User user, String variableKey, boolean defaultValue) {
    return booleanEvaluation(user, variableKey, defaultValue).value();
  }

  /** The value of a string variable for {@code user}, or {@code defaultValue}. */
  public String stringValue(User user, String variableKey, String defaultValue) {
    return stringEvaluation(user, variableKey, defaultValue).value();
  }

  /** The value of a number variable for {@code user}, or {@code defaultValue}. */
  public double numberValue(User user, String variableKey, double defaultValue) {
    return numberEvaluation(user, variableKey, defaultValue).value();
  }

  /**
   * The value of a JSON variable for {@code user}, or {@code defaultValue}: an immutable {@code
   * Map<String, Object>}, {@code List<Object>}, {@code String}, {@code Long} or {@code Double},
   * {@code Boolean}, with {@code null} inside containers (see {@link VariableType#JSON}).
   */
  public Object jsonValue(User user, String variableKey, Object defaultValue) {
    return jsonEvaluation(user, variableKey, defaultValue).value();
  }

  /** A boolean variable's value with the variation, reason and error code. */
  public Evaluation<Boolean> booleanEvaluation(
      User user, String variableKey, boolean defaultValue) {
    Snapshot current = snapshot;
    Evaluation<Boolean> evaluation =
        current.evaluator.booleanVariable(user, variableKey, defaultValue);
    count(current, variableKey, evaluation);
    return evaluation;
  }

  /** A string variable's value with the variation, reason and error code. */
  public Evaluation<String> stringEvaluation(User user, String variableKey, String defaultValue) {
    Snapshot current = snapshot;
    Evaluation<String> evaluation =
        current.evaluator.stringVariable(user, variableKey, defaultValue);
    count(current, variableKey, evaluation);
    return evaluation;
  }

  /** A number variable's value with the variation, reason and error code. */
  public Evaluation<Double> numberEvaluation(User user, String variableKey, double defaultValue) {
    Snapshot current = snapshot;
    Evaluation<Double> evaluation =
        current.evaluator.numberVariable(user, variableKey, defaultValue);
    count(current, variableKey, evaluation);
    return evaluation;
  }

  /** A JSON variable's value with the variation, reason and error code. */
  public Evaluation<Object> jsonEvaluation(User user, String variableKey, Object defaultValue) {
    Snapshot current = snapshot;
    Evaluation<Object> evaluation = current.evaluator.jsonVariable(user, variableKey, defaultValue);
    count(current, variableKey, evaluation);
    return evaluation;
  }

  private void count(Snapshot current, String variableKey, Evaluation<?> evaluation) {
    if (events != null && variableKey != null) {
      current.counters.count(variableKey, evaluation);
    }
  }

  /**
   * Every variable evaluated for {@code user}, in document order; a variable whose feature serves
   * no variation has a {@code null} value. Empty before a config is loaded. Not counted as
   * evaluations (it is meant for bootstrapping clients, not for deciding).
   */
  public Map<String, Evaluation<?>> allVariables(User user) {
    return snapshot.evaluator.allVariables(user);
  }

  /** The type of a variable in the current config, or {@code null} when it has none. */
  public @Nullable VariableType variableType(String variableKey) {
    Config config = snapshot.config;
    return config == null ? null : config.variableType(variableKey);
  }

  // ---------------------------------------------------------------- events

  /** Records a custom event for {@code user}; never blocks (a full queue drops and counts it). */
  public void track(User user, String eventKey) {
    track(user, eventKey, null, null);
  }

  /**
   * Records a custom event with an optional numeric value and metadata (strings, numbers and
   * booleans; other values are sent as their {@code toString()}). Never blocks and never throws; a
   * full queue (10,000 events by default) drops the event and counts it.
   */
  public void track(
      User user, String eventKey, @Nullable Double value, @Nullable Map<String, ?> metadata) {
    if (events == null || user == null || eventKey == null) {
      return;
    }
    try {
      events.track(user, eventKey, value, metadata);
    } catch (RuntimeException e) {
      LOG.error("track failed", e);
    }
  }

  /** Asks for the queued events and counts to be sent now, without waiting for the send. */
  public void flush() {
    if (events != null) {
      events.requestFlush();
    }
  }

  /** How many custom events were dropped because the queue was full. */
  public long droppedEvents() {
    return events == null ? 0 : events.droppedEvents();
  }

  // ---------------------------------------------------------------- lifecycle and state

  /**
   * Waits at most {@code timeout} for a first config; returns whether one is loaded. Returns at
   * once when the client has one, or has given up (offline without a document, rejected key).
   */
  public boolean awaitInitialization(Duration timeout) {
    try {
      initialized.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return isInitialized();
  }

  /** Whether a config is loaded and flags are evaluated from it. */
  public boolean isInitialized() {
    return snapshot.config != null;
  }

  /** The version of the config in use, or {@code -1} before a first one. */
  public long configVersion() {
    Config config = snapshot.config;
    return config == null ? -1 : config.version();
  }

  /** Where the client's config comes from right now. */
  public ClientState state() {
    return state;
  }

  /**
   * Calls {@code listener} on a {@code switchboard-listeners} thread after each new config version.
   */
  public void addChangeListener(Consumer<ConfigChangeEvent> listener) {
    changeListeners.add(Objects.requireNonNull(listener, "listener"));
  }

  /** Removes a listener added with {@link #addChangeListener}. */
  public void removeChangeListener(Consumer<ConfigChangeEvent> listener) {
    changeListeners.remove(listener);
  }

  /**
   * Calls {@code listener} when one variable's value changes for one user after a config update
   * (values are compared with {@code equals}). {@code defaultValue} stands for "no variation
   * served". Returns a handle that removes the listener when closed.
   */
  public AutoCloseable addValueChangeListener(
      User user,
      String variableKey,
      @Nullable Object defaultValue,
      Consumer<ValueChangeEvent> listener) {
    ValueWatch watch =
        new ValueWatch(
            Objects.requireNonNull(user, "user"),
            Objects.requireNonNull(variableKey, "variableKey"),
            defaultValue,
            Objects.requireNonNull(listener, "listener"));
    watch.last = currentValue(snapshot, watch);
    valueWatches.add(watch);
    return () -> valueWatches.remove(watch);
  }

  /**
   * Calls {@code listener} when the client's {@link ClientState} changes, and when a downloaded
   * config document is rejected ({@link StatusEvent#configRejected()}).
   */
  public void addStatusListener(Consumer<StatusEvent> listener) {
    statusListeners.add(Objects.requireNonNull(listener, "listener"));
  }

  /** Removes a listener added with {@link #addStatusListener}. */
  public void removeStatusListener(Consumer<StatusEvent> listener) {
    statusListeners.remove(listener);
  }

  /**
   * Stops every thread of the client within about a second: the stream and polling stop, queued
   * events and counts get one last flush with a bounded wait, then anything unsent is dropped.
   * Evaluations keep answering from the last config afterwards. Idempotent.
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    long start = System.nanoTime();
    if (testData != null) {
      testData.detach(this);
    }
    if (feed != null) {
      feed.close();
    }
    if (events != null) {
      events.close(remaining(start, closeTimeout.multipliedBy(8).dividedBy(10)));
    }
    if (feed != null) {
      feed.awaitTermination(remaining(start, closeTimeout.minusMillis(50)));
    }
    setState(ClientState.CLOSED, null);
    initialized.countDown(); // nobody waits for a config that will never come
    notifier.shutdown();
  }

  private static Duration remaining(long startNanos, Duration budget) {
    Duration left = budget.minusNanos(System.nanoTime() - startNanos);
    return left.isNegative() || left.isZero() ? Duration.ofMillis(1) : left;
  }

  // ---------------------------------------------------------------- applying documents

  /** Applies a document from any source; returns whether it became the config in use. */
  boolean apply(byte[] document, @Nullable String etag, String origin) {
    synchronized (stateLock) {
      Config config;
      try {
        config = Config.parse(document);
      } catch (InvalidConfigException e) {
        String id = origin + ":" + (etag != null ? etag : Integer.toHexString(hash(document)));
        if (!id.equals(lastRejected)) {
          lastRejected = id;
          String message =
              "rejected the config document from "
                  + origin
                  + (etag == null ? "" : " (ETag " + etag + ")")
                  + ": "
                  + e.getMessage()
                  + "; keeping version "
                  + configVersion();
          LOG.error(message);
          notifyStatus(new StatusEvent(state, state, message, true, clock.instant()));
        }
        return false;
      } catch (RuntimeException e) {
        LOG.error("config document from {} could not be loaded", origin, e);
        return false;
      }
      Snapshot current = snapshot;
      Config currentConfig = current.config;
      if (currentConfig != null && config.version() <= currentConfig.version()) {
        if (config.version() == currentConfig.version() && etag != null) {
          snapshot = current.withEtag(etag); // the same version: remember its ETag for 304s
        } else if (config.version() < currentConfig.version()) {
          LOG.info(
              "ignoring config version {} from {}: version {} is newer",
              config.version(),
              origin,
              currentConfig.version());
        }
        return false;
      }
      for (ConfigWarning warning : config.warnings()) {
        LOG.warn(
            "config version {}: {} at {} fails closed",
            config.version(),
            warning.message(),
            warning.pointer());
      }
      Snapshot next =
          new Snapshot(Evaluator.of(config, clock), EvaluationCounters.of(config), config, etag);
      snapshot = next; // evaluations use it from here on; the rest is bookkeeping
      Map<String, Long> previousDigests = featureDigests;
      Map<String, Long> digests = FeatureDigests.of(document);
      featureDigests = digests;
      if (events != null) {
        events.useCounters(next.counters);
      }
      if (cacheFile != null && !"cache".equals(origin)) {
        writeCache(document);
      }
      initialized.countDown();
      if (state == ClientState.INITIALIZING) {
        setState(ClientState.VALID, null);
      }
      Set<String> changedFeatures = FeatureDigests.changed(previousDigests, digests);
      ConfigChangeEvent change =
          new ConfigChangeEvent(
              currentConfig == null ? -1 : currentConfig.version(),
              config.version(),
              Set.copyOf(changedFeatures),
              changedVariables(changedFeatures, currentConfig, config));
      notifyChange(change, next);
      return true;
    }
  }

  private static Set<String> changedVariables(
      Set<String> changedFeatures, @Nullable Config before, Config after) {
    Set<String> variables = new java.util.HashSet<>();
    for (Config config : before == null ? List.of(after) : List.of(before, after)) {
      for (String variable : config.variableKeys()) {
        if (changedFeatures.contains(config.variableFeatureKey(variable))) {
          variables.add(variable);
        }
      }
    }
    return Set.copyOf(variables);
  }

  private void writeCache(byte[] document) {
    Path file = Objects.requireNonNull(cacheFile);
    try {
      Files.createDirectories(file.getParent());
      Path temp = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".tmp");
      Files.write(temp, document);
      Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException | RuntimeException e) {
      LOG.warn("cannot write the config cache {}: {}", file, e.toString());
    }
  }

  private void setState(ClientState next, @Nullable String message) {
    ClientState previous;
    synchronized (stateLock) {
      previous = state;
      if (previous == next || previous == ClientState.CLOSED) {
        return;
      }
      if (previous == ClientState.ERROR && next != ClientState.CLOSED) {
        return; // permanent until closed
      }
      state = next;
    }
    notifyStatus(new StatusEvent(next, previous, message, false, clock.instant()));
  }

  private void notifyStatus(StatusEvent event) {
    for (Consumer<StatusEvent> listener : statusListeners) {
      dispatch(() -> listener.accept(event));
    }
  }

  private void notifyChange(ConfigChangeEvent change, Snapshot next) {
    for (Consumer<ConfigChangeEvent> listener : changeListeners) {
      dispatch(() -> listener.accept(change));
    }
    for (ValueWatch watch : valueWatches) {
      Object value = currentValue(next, watch);
      Object previous = watch.last;
      if (!Objects.equals(previous, value)) {
        watch.last = value;
        ValueChangeEvent event = new ValueChangeEvent(watch.user, watch.key, previous, value);
        dispatch(() -> watch.listener.accept(event));
      }
    }
  }

  private static @Nullable Object currentValue(Snapshot snapshot, ValueWatch watch) {
    Config config = snapshot.config;
    VariableType type = config == null ? null : config.variableType(watch.key);
    if (type == null) {
      return watch.defaultValue;
    }
    Object value =
        snapshot.evaluator.variable(watch.user, watch.key, type, watch.defaultValue).value();
    return value;
  }

  private void dispatch(Runnable call) {
    try {
      notifier.execute(
          () -> {
            try {
              call.run();
            } catch (RuntimeException e) {
              LOG.error("a Switchboard listener threw", e);
            }
          });
    } catch (RejectedExecutionException e) {
      // closed: listeners are no longer called
    }
  }

  private static int hash(byte[] document) {
    return java.util.Arrays.hashCode(document);
  }

  private static String fingerprint(String serverKey) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(serverKey.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public String toString() {
    return "SwitchboardClient{state=" + state + ", version=" + configVersion() + "}";
  }

  /** The config in use and what belongs to it; replaced as a whole. */
  private static final class Snapshot {
    final Evaluator evaluator;
    final EvaluationCounters counters;
    final @Nullable Config config;
    final @Nullable String etag;

    Snapshot(
        Evaluator evaluator,
        EvaluationCounters counters,
        @Nullable Config config,
        @Nullable String etag) {
      this.evaluator = evaluator;
      this.counters = counters;
      this.config = config;
      this.etag = etag;
    }

    static Snapshot empty(ErrorCode code) {
      return new Snapshot(Evaluator.withoutConfig(code), EvaluationCounters.of(null), null, null);
    }

    Snapshot withEtag(String etag) {
      return new Snapshot(evaluator, counters, config, etag);
    }
  }

  private static final class ValueWatch {
    final User user;
    final String key;
    final @Nullable Object defaultValue;
    final Consumer<ValueChangeEvent> listener;
    volatile @Nullable Object last;

    ValueWatch(
        User user, String key, @Nullable Object defaultValue, Consumer<ValueChangeEvent> listener) {
      this.user = user;
      this.key = key;
      this.defaultValue = defaultValue;
      this.listener = listener;
    }
  }

  private final class FeedSink implements ConfigFeed.Sink {
    @Override
    public void accept(byte[] document, @Nullable String etag) {
      apply(document, etag, "evaluation-edge");
    }

    @Override
    public long currentVersion() {
      return configVersion();
    }

    @Override
    public @Nullable String currentEtag() {
      return snapshot.etag;
    }

    @Override
    public void updatesFlowing() {
      if (snapshot.config != null) {
        setState(ClientState.VALID, null);
      }
    }

    @Override
    public void updatesFailing(String message) {
      if (snapshot.config != null) {
        setState(ClientState.STALE, message);
      }
    }

    @Override
    public void permanentFailure(String message) {
      setState(ClientState.ERROR, message);
      initialized.countDown();
    }
  }

  /**
   * Configures a {@link SwitchboardClient}. Defaults work against a local platform: edge at {@value
   * #DEFAULT_BASE_URI_TEXT}, events-api at {@value #DEFAULT_EVENTS_URI_TEXT}, streaming on, polling
   * every 60 s while the stream is down, events on.
   */
  public static final class Builder {
    static final String DEFAULT_BASE_URI_TEXT = "http://localhost:8080";
    static final String DEFAULT_EVENTS_URI_TEXT = "http://localhost:8082";

    private final String serverKey;
    private URI baseUri = DEFAULT_BASE_URI;
    private URI eventsUri = DEFAULT_EVENTS_URI;
    private boolean streaming = true;
    private Duration pollInterval = Duration.ofSeconds(60);
    private Duration connectTimeout = Duration.ofSeconds(5);
    private Duration readTimeout = Duration.ofSeconds(10);
    private Duration closeTimeout = Duration.ofSeconds(1);
    private Proxy proxy = Proxy.NO_PROXY;
    private final Map<String, String> headers = new LinkedHashMap<>();
    private boolean sendEvents = true;
    private Duration flushInterval = Duration.ofSeconds(10);
    private int flushAt = 1_000;
    private int eventCapacity = 10_000;
    private boolean gzipEvents = true;
    private @Nullable Path bootstrapFile;
    private @Nullable String bootstrapResource;
    private @Nullable Path cacheDirectory;
    private boolean offline;
    private @Nullable TestData testData;
    private Clock clock = Clock.systemUTC();
    private ConfigFeed.FeedTimings feedTimings = ConfigFeed.DEFAULTS;

    private Builder(String serverKey) {
      if (serverKey == null || serverKey.isBlank()) {
        throw new IllegalArgumentException("a server key is required");
      }
      this.serverKey = serverKey;
    }

    /** Where evaluation-edge (or a CDN in front of it) serves the config and the stream. */
    public Builder baseUri(URI baseUri) {
      this.baseUri = Objects.requireNonNull(baseUri, "baseUri");
      return this;
    }

    /** Where events-api receives event batches. */
    public Builder eventsUri(URI eventsUri) {
      this.eventsUri = Objects.requireNonNull(eventsUri, "eventsUri");
      return this;
    }

    /** Whether to listen on the SSE stream (default true); false polls only. */
    public Builder streaming(boolean streaming) {
      this.streaming = streaming;
      return this;
    }

    /**
     * How often to download the config while the stream is down, or always when streaming is off
     * (default 60 s; at least {@link #MIN_POLL_INTERVAL}, shorter values are raised to it).
     */
    public Builder pollInterval(Duration pollInterval) {
      this.pollInterval =
          pollInterval.compareTo(MIN_POLL_INTERVAL) < 0 ? MIN_POLL_INTERVAL : pollInterval;
      return this;
    }

    /** TCP connect timeout of every request (default 5 s). */
    public Builder connectTimeout(Duration connectTimeout) {
      this.connectTimeout = positive(connectTimeout, "connectTimeout");
      return this;
    }

    /** Read timeout of config downloads and event posts (default 10 s). */
    public Builder readTimeout(Duration readTimeout) {
      this.readTimeout = positive(readTimeout, "readTimeout");
      return this;
    }

    /** An HTTP proxy for every request. */
    public Builder proxy(Proxy proxy) {
      this.proxy = Objects.requireNonNull(proxy, "proxy");
      return this;
    }

    /** An HTTP proxy at {@code host:port} for every request. */
    public Builder proxy(String host, int port) {
      return proxy(new Proxy(Proxy.Type.HTTP, InetSocketAddress.createUnresolved(host, port)));
    }

    /** A header sent with every request (for example to a gateway in front of the services). */
    public Builder header(String name, String value) {
      headers.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
      return this;
    }

    /** Whether to send evaluation counts and custom events to events-api (default true). */
    public Builder sendEvents(boolean sendEvents) {
      this.sendEvents = sendEvents;
      return this;
    }

    /** How often to send events (default 10 s). */
    public Builder flushInterval(Duration flushInterval) {
      this.flushInterval = positive(flushInterval, "flushInterval");
      return this;
    }

    /** Send at once when this many custom events are queued (default 1,000). */
    public Builder flushAt(int events) {
      if (events < 1) {
        throw new IllegalArgumentException("flushAt must be at least 1");
      }
      this.flushAt = events;
      return this;
    }

    /** The bound of the custom-event queue (default 10,000); beyond it events are dropped. */
    public Builder eventCapacity(int events) {
      if (events < 1) {
        throw new IllegalArgumentException("eventCapacity must be at least 1");
      }
      this.eventCapacity = events;
      return this;
    }

    /** Whether event batches are gzip-compressed (default true). */
    public Builder gzipEvents(boolean gzipEvents) {
      this.gzipEvents = gzipEvents;
      return this;
    }

    /** How long {@link #close()} may take, including the last flush (default 1 s). */
    public Builder closeTimeout(Duration closeTimeout) {
      this.closeTimeout = positive(closeTimeout, "closeTimeout");
      return this;
    }

    /** A config document to evaluate from until (or instead of, offline) the edge answers. */
    public Builder bootstrapFile(Path file) {
      this.bootstrapFile = Objects.requireNonNull(file, "file");
      this.bootstrapResource = null;
      return this;
    }

    /** A config document on the classpath; see {@link #bootstrapFile}. */
    public Builder bootstrapResource(String resource) {
      this.bootstrapResource = Objects.requireNonNull(resource, "resource");
      this.bootstrapFile = null;
      return this;
    }

    /**
     * Keeps the last good config in this directory and starts from it, so that a restart during an
     * outage still evaluates correctly.
     */
    public Builder cacheDirectory(Path directory) {
      this.cacheDirectory = Objects.requireNonNull(directory, "directory");
      return this;
    }

    /**
     * No network at all: evaluates from the bootstrap file or resource, sends no events. Without a
     * valid document every evaluation returns its default with {@code PARSE_ERROR}.
     */
    public Builder offline(boolean offline) {
      this.offline = offline;
      return this;
    }

    /** Serves the flag values of {@code testData} (offline, no events): for users' own tests. */
    public Builder testData(TestData testData) {
      this.testData = Objects.requireNonNull(testData, "testData");
      return this;
    }

    /** The clock that timed rollouts read (default the system UTC clock). */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** Tests only: any polling interval, no 30 s floor. */
    Builder pollIntervalUnchecked(Duration pollInterval) {
      this.pollInterval = positive(pollInterval, "pollInterval");
      return this;
    }

    /** Tests only: reconnect and heartbeat timings. */
    Builder feedTimings(ConfigFeed.FeedTimings timings) {
      this.feedTimings = Objects.requireNonNull(timings);
      return this;
    }

    /** Builds and starts the client; never blocks on the network. */
    public SwitchboardClient build() {
      return new SwitchboardClient(this);
    }

    private static Duration positive(Duration duration, String name) {
      if (duration == null || duration.isNegative() || duration.isZero()) {
        throw new IllegalArgumentException(name + " must be positive");
      }
      return duration;
    }
  }
}
