package dev.switchboard.benchmarks;

import dev.switchboard.bucketing.Config;
import dev.switchboard.bucketing.Evaluator;
import java.io.IOException;
import java.io.InputStream;

/**
 * Switchboard's {@code bucketing-core}, loaded from the documented example {@code
 * docs/examples/new-checkout.json}, which the build copies onto the classpath as {@value
 * #CONFIG_RESOURCE} (see the benchmarks pom), so the benchmark always measures the documented
 * example.
 */
public final class SwitchboardSdk extends FlagSdk<dev.switchboard.bucketing.User> {
  public static final String CONFIG_RESOURCE = "/switchboard/new-checkout.json";

  private Evaluator evaluator;

  @Override
  public void start() throws Exception {
    Config config = Config.parse(readConfig());
    if (!config.warnings().isEmpty()) {
      throw new IllegalStateException("config warnings: " + config.warnings());
    }
    evaluator = Evaluator.of(config);
  }

  /** The bytes of the documented example config. */
  public static byte[] readConfig() throws IOException {
    try (InputStream in = SwitchboardSdk.class.getResourceAsStream(CONFIG_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("missing classpath resource " + CONFIG_RESOURCE);
      }
      return in.readAllBytes();
    }
  }

  @Override
  public dev.switchboard.bucketing.User context(User u) {
    return dev.switchboard.bucketing.User.builder(u.key())
        .email(u.email())
        .country(u.country())
        .appVersion(u.appVersion())
        .attribute("plan", u.plan())
        .build();
  }

  @Override
  public String evaluate(dev.switchboard.bucketing.User context) {
    return evaluator.stringVariable(context, FLAG_KEY, FALLBACK).value();
  }

  @Override
  public boolean evaluateBoolean(dev.switchboard.bucketing.User context) {
    return evaluator.booleanVariable(context, BOOLEAN_FLAG_KEY, false).value();
  }
}
