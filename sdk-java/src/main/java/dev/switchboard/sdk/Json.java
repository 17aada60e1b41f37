package dev.switchboard.sdk;

import tools.jackson.databind.json.JsonMapper;

/**
 * The SDK's one Jackson mapper, created on first use: reading SSE event data and writing event
 * batches happen after the first config is loaded, so a client's start-up does not pay for it.
 */
final class Json {
  static final JsonMapper MAPPER = JsonMapper.builder().build();

  private Json() {}
}
