package dev.switchboard.sdk;

import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * The SDK's JSON. What a client reads while it starts (the fingerprints of a loaded config, the
 * stream's events) goes through jackson-core's streaming {@link #STREAMS} alone, as {@code
 * bucketing-core} reads the config itself: the first use of databind costs about 0.3 s of class
 * loading (docs/performance.md, "Cold start"). The databind {@link #mapper()} writes event batches
 * and {@link TestData} documents, and is created on first use.
 */
final class Json {
  static final JsonFactory STREAMS = new JsonFactory();

  private Json() {}

  static JsonMapper mapper() {
    return Databind.MAPPER;
  }

  /** Holds the mapper, so that loading {@link Json} does not build it. */
  private static final class Databind {
    static final JsonMapper MAPPER = JsonMapper.builder().build();
  }
}
