package dev.switchboard.sdk.openfeature;

import dev.openfeature.sdk.ErrorCode;
import dev.openfeature.sdk.EvaluationContext;
import dev.openfeature.sdk.EventProvider;
import dev.openfeature.sdk.ImmutableMetadata;
import dev.openfeature.sdk.Metadata;
import dev.openfeature.sdk.MutableStructure;
import dev.openfeature.sdk.ProviderEvaluation;
import dev.openfeature.sdk.ProviderEventDetails;
import dev.openfeature.sdk.TrackingEventDetails;
import dev.openfeature.sdk.Value;
import dev.openfeature.sdk.exceptions.FatalError;
import dev.openfeature.sdk.exceptions.GeneralError;
import dev.switchboard.bucketing.Evaluation;
import dev.switchboard.bucketing.Reason;
import dev.switchboard.bucketing.User;
import dev.switchboard.sdk.ClientState;
import dev.switchboard.sdk.ConfigChangeEvent;
import dev.switchboard.sdk.StatusEvent;
import dev.switchboard.sdk.SwitchboardClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Switchboard as an OpenFeature provider ({@code dev.openfeature:sdk}, an optional dependency of
 * this SDK: add it yourself to use this class).
 *
 * <pre>{@code
 * SwitchboardClient client = SwitchboardClient.builder("server-...").build();
 * OpenFeatureAPI.getInstance().setProviderAndWait(new SwitchboardProvider(client));
 * }</pre>
 *
 * <p>Flag keys are Switchboard variable keys. The evaluation context's targeting key is the user
 * id; the attributes {@code email}, {@code name}, {@code country}, {@code platform}, {@code
 * platformVersion} and {@code appVersion} (strings) fill the built-in user fields, and every other
 * string, number or boolean attribute becomes custom data. Reasons and error codes keep their
 * names, which are OpenFeature's; the variant is the variation key, and the flag metadata carries
 * {@code featureKey} and {@code ruleId}. Provider events: READY once the client has a config,
 * CONFIGURATION_CHANGED with the changed variable keys on each new version, STALE while updates
 * fail, ERROR when the client stops for good (its key was rejected), READY again on recovery.
 */
public final class SwitchboardProvider extends EventProvider {
  private static final Metadata METADATA = () -> "switchboard";

  private final SwitchboardClient client;
  private final Duration initializationTimeout;
  private final boolean closeClientOnShutdown;
  private final Consumer<ConfigChangeEvent> changeListener = this::configChanged;
  private final Consumer<StatusEvent> statusListener = this::statusChanged;

  /** A provider over {@code client} that waits up to 5 s for a first config when initialised. */
  public SwitchboardProvider(SwitchboardClient client) {
    this(client, Duration.ofSeconds(5), false);
  }

  /**
   * A provider over {@code client}.
   *
   * @param initializationTimeout how long {@code initialize} waits for a first config
   * @param closeClientOnShutdown whether {@code shutdown} also closes the client
   */
  public SwitchboardProvider(
      SwitchboardClient client, Duration initializationTimeout, boolean closeClientOnShutdown) {
    this.client = Objects.requireNonNull(client, "client");
    this.initializationTimeout = Objects.requireNonNull(initializationTimeout);
    this.closeClientOnShutdown = closeClientOnShutdown;
  }

  /** The client this provider evaluates with. */
  public SwitchboardClient client() {
    return client;
  }

  @Override
  public Metadata getMetadata() {
    return METADATA;
  }

  /**
   * Waits for the client's first config. Throws (the provider goes to ERROR, or FATAL for a
   * rejected key) when none arrives in time; the provider still turns READY when one arrives later.
   */
  @Override
  public void initialize(EvaluationContext evaluationContext) throws Exception {
    client.addChangeListener(changeListener);
    client.addStatusListener(statusListener);
    boolean ready = client.awaitInitialization(initializationTimeout);
    if (client.state() == ClientState.ERROR && !ready) {
      throw new FatalError("Switchboard client stopped: the server key was rejected");
    }
    if (!ready) {
      throw new GeneralError(
          "Switchboard client has no config after " + initializationTimeout.toMillis() + " ms");
    }
  }

  @Override
  public void shutdown() {
    client.removeChangeListener(changeListener);
    client.removeStatusListener(statusListener);
    if (closeClientOnShutdown) {
      client.close();
    }
    super.shutdown();
  }

  /*
   * Both listeners run on the client's single listener thread, in the order the changes happened.
   * OpenFeature hands each emitted event to a thread of its own, so two events emitted back to back
   * (READY for the first config, then STALE) can be applied in the wrong order and leave the
   * provider READY. Waiting for each emit to be applied keeps OpenFeature's state in step.
   */
  private void configChanged(ConfigChangeEvent change) {
    if (change.previousVersion() < 0) {
      emitProviderReady(ProviderEventDetails.builder().message("config loaded").build()).await();
      return;
    }
    emitProviderConfigurationChanged(
            ProviderEventDetails.builder()
                .flagsChanged(new ArrayList<>(change.changedVariables()))
                .message("config version " + change.version())
                .build())
        .await();
  }

  private void statusChanged(StatusEvent event) {
    if (event.configRejected()) {
      return; // the last good config keeps serving: no state change for OpenFeature
    }
    String message = event.message() == null ? event.state().name() : event.message();
    switch (event.state()) {
      case STALE ->
          emitProviderStale(ProviderEventDetails.builder().message(message).build()).await();
      case ERROR ->
          emitProviderError(
                  ProviderEventDetails.builder()
                      .message(message)
                      .errorCode(ErrorCode.PROVIDER_FATAL)
                      .build())
              .await();
      case VALID -> {
        if (event.previousState() == ClientState.STALE) {
          emitProviderReady(ProviderEventDetails.builder().message("updates resumed").build())
              .await();
        }
      }
      default -> {
        // INITIALIZING and CLOSED have no OpenFeature event; READY comes with the first config
      }
    }
  }

  @Override
  public ProviderEvaluation<Boolean> getBooleanEvaluation(
      String key, Boolean defaultValue, EvaluationContext ctx) {
    User user = user(ctx);
    if (user == null) {
      return missingTargetingKey(defaultValue);
    }
    return resolved(client.booleanEvaluation(user, key, defaultValue), null);
  }

  @Override
  public ProviderEvaluation<String> getStringEvaluation(
      String key, String defaultValue, EvaluationContext ctx) {
    User user = user(ctx);
    if (user == null) {
      return missingTargetingKey(defaultValue);
    }
    return resolved(client.stringEvaluation(user, key, defaultValue), null);
  }

  @Override
  public ProviderEvaluation<Integer> getIntegerEvaluation(
      String key, Integer defaultValue, EvaluationContext ctx) {
    User user = user(ctx);
    if (user == null) {
      return missingTargetingKey(defaultValue);
    }
    Evaluation<Double> evaluation = client.numberEvaluation(user, key, defaultValue);
    double value = evaluation.value();
    if (evaluation.reason() != Reason.ERROR
        && (value != Math.rint(value) || value > Integer.MAX_VALUE || value < Integer.MIN_VALUE)) {
      return ProviderEvaluation.<Integer>builder()
          .value(defaultValue)
          .reason(Reason.ERROR.name())
          .errorCode(ErrorCode.TYPE_MISMATCH)
          .errorMessage(key + " is " + value + ", not an integer")
          .build();
    }
    return resolved(evaluation, evaluation.reason() == Reason.ERROR ? defaultValue : (int) value);
  }

  @Override
  public ProviderEvaluation<Double> getDoubleEvaluation(
      String key, Double defaultValue, EvaluationContext ctx) {
    User user = user(ctx);
    if (user == null) {
      return missingTargetingKey(defaultValue);
    }
    return resolved(client.numberEvaluation(user, key, defaultValue), null);
  }

  @Override
  public ProviderEvaluation<Value> getObjectEvaluation(
      String key, Value defaultValue, EvaluationContext ctx) {
    User user = user(ctx);
    if (user == null) {
      return missingTargetingKey(defaultValue);
    }
    Evaluation<Object> evaluation = client.jsonEvaluation(user, key, defaultValue);
    Object value = evaluation.value();
    Value converted = value instanceof Value v ? v : toValue(value);
    return resolved(evaluation, converted);
  }

  @Override
  public void track(String eventName, EvaluationContext context, TrackingEventDetails details) {
    User user = user(context);
    if (user == null) {
      return;
    }
    Double value = null;
    Map<String, Object> metadata = null;
    if (details != null) {
      value = details.getValue().map(Number::doubleValue).orElse(null);
      Map<String, Object> attributes = details.asObjectMap();
      if (!attributes.isEmpty()) {
        metadata = new LinkedHashMap<>(attributes);
      }
    }
    client.track(user, eventName, value, metadata);
  }

  private static <T> ProviderEvaluation<T> resolved(
      Evaluation<?> evaluation, @Nullable T convertedValue) {
    @SuppressWarnings("unchecked")
    T value = convertedValue != null ? convertedValue : (T) evaluation.value();
    ImmutableMetadata.ImmutableMetadataBuilder metadata = ImmutableMetadata.builder();
    if (evaluation.featureKey() != null) {
      metadata.addString("featureKey", evaluation.featureKey());
    }
    if (evaluation.ruleId() != null) {
      metadata.addString("ruleId", evaluation.ruleId());
    }
    ProviderEvaluation.ProviderEvaluationBuilder<T, ?, ?> result =
        ProviderEvaluation.<T>builder()
            .value(value)
            .variant(evaluation.variationKey())
            .reason(evaluation.reason().name())
            .flagMetadata(metadata.build());
    if (evaluation.errorCode() != null) {
      result
          .errorCode(errorCode(evaluation.errorCode()))
          .errorMessage(errorMessage(evaluation.errorCode()));
    }
    return result.build();
  }

  static ErrorCode errorCode(dev.switchboard.bucketing.ErrorCode code) {
    return switch (code) {
      case FLAG_NOT_FOUND -> ErrorCode.FLAG_NOT_FOUND;
      case TYPE_MISMATCH -> ErrorCode.TYPE_MISMATCH;
      case PARSE_ERROR -> ErrorCode.PARSE_ERROR;
      case PROVIDER_NOT_READY -> ErrorCode.PROVIDER_NOT_READY;
      case GENERAL -> ErrorCode.GENERAL;
    };
  }

  private static String errorMessage(dev.switchboard.bucketing.ErrorCode code) {
    return switch (code) {
      case FLAG_NOT_FOUND -> "no such variable in the config";
      case TYPE_MISMATCH -> "the variable has another type";
      case PARSE_ERROR -> "no valid config document";
      case PROVIDER_NOT_READY -> "no config loaded yet";
      case GENERAL -> "evaluation failed";
    };
  }

  private static <T> ProviderEvaluation<T> missingTargetingKey(T defaultValue) {
    return ProviderEvaluation.<T>builder()
        .value(defaultValue)
        .reason(Reason.ERROR.name())
        .errorCode(ErrorCode.TARGETING_KEY_MISSING)
        .errorMessage("the evaluation context has no targeting key (the user id)")
        .build();
  }

  /** The context as a Switchboard user, or {@code null} without a targeting key. */
  static @Nullable User user(@Nullable EvaluationContext context) {
    if (context == null) {
      return null;
    }
    String id = context.getTargetingKey();
    if (id == null || id.isEmpty()) {
      return null;
    }
    User.Builder user = User.builder(id);
    for (Map.Entry<String, Value> attribute : context.asMap().entrySet()) {
      String name = attribute.getKey();
      Value value = attribute.getValue();
      if (value == null || name.equals(EvaluationContext.TARGETING_KEY)) {
        continue;
      }
      if (value.isString()) {
        String text = value.asString();
        switch (name) {
          case "email" -> user.email(text);
          case "name" -> user.name(text);
          case "country" -> user.country(text);
          case "platform" -> user.platform(text);
          case "platformVersion" -> user.platformVersion(text);
          case "appVersion" -> user.appVersion(text);
          default -> user.attribute(name, text);
        }
      } else if (value.isBoolean()) {
        user.attribute(name, value.asBoolean());
      } else if (value.isNumber()) {
        user.attribute(name, value.asDouble());
      }
    }
    return user.build();
  }

  static Value toValue(@Nullable Object value) {
    if (value == null) {
      return new Value();
    }
    if (value instanceof Map<?, ?> map) {
      Map<String, Value> fields = new LinkedHashMap<>();
      map.forEach((k, v) -> fields.put(String.valueOf(k), toValue(v)));
      return new Value(new MutableStructure(fields));
    }
    if (value instanceof List<?> list) {
      List<Value> values = new ArrayList<>(list.size());
      list.forEach(v -> values.add(toValue(v)));
      return new Value(values);
    }
    if (value instanceof Long number) {
      return new Value(number);
    }
    if (value instanceof Number number) {
      return new Value(number.doubleValue());
    }
    if (value instanceof Boolean bool) {
      return new Value(bool);
    }
    return new Value(String.valueOf(value));
  }
}
