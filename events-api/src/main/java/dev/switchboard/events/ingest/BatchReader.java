package dev.switchboard.events.ingest;

import dev.switchboard.events.ingest.EventBatch.CustomEvent;
import dev.switchboard.events.ingest.EventBatch.EvaluationCount;
import dev.switchboard.events.ingest.EventBatch.Sdk;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads an SDK's batch into {@link EventBatch} with jackson-core's streaming parser: a batch of
 * 1,000 evaluation counts is read token by token into the records, without databind's per-property
 * lookups and creator buffers (measured under the load driver, docs/performance.md).
 *
 * <p>It reads exactly what databind reads into the same records: unknown fields are skipped,
 * repeated fields keep the last value, and any value that is not the plain expected token (a number
 * where text is expected, text where a count is, an object where a string is...) is handed to
 * databind itself with the settings below, so coercions and refusals stay databind's.
 * BatchReaderTest compares both on a corpus of odd inputs. Failures are {@link JacksonException}s:
 * the caller answers 400 {@code bad-request}.
 */
final class BatchReader {
  // SDKs newer than this service may send fields it does not know: ignore them. Trailing tokens
  // are checked here, not by databind, which reads single values from the middle of the stream.
  private static final JsonMapper VALUES =
      JsonMapper.builder()
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
          .disable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();

  private static final TypeReference<List<@Nullable EvaluationCount>> EVALUATIONS =
      new TypeReference<>() {};
  private static final TypeReference<List<@Nullable CustomEvent>> CUSTOM = new TypeReference<>() {};

  private BatchReader() {}

  /**
   * The batch, or null when the body is the JSON literal {@code null}.
   *
   * @throws JacksonException when the body is not JSON, not an object, or holds a value that cannot
   *     be read as its field's type
   */
  static @Nullable EventBatch read(byte[] body) {
    try (JsonParser parser = VALUES.createParser(body)) {
      JsonToken first = parser.nextToken();
      EventBatch batch;
      if (first == JsonToken.START_OBJECT) {
        batch = batch(parser);
      } else if (first == JsonToken.VALUE_NULL) {
        batch = null;
      } else {
        // no content, an array, a scalar: databind explains why it is no batch
        batch = VALUES.readValue(parser, EventBatch.class);
      }
      if (parser.nextToken() != null) {
        throw new StreamReadException(
            parser, "trailing token " + parser.currentToken() + " after the batch");
      }
      return batch;
    }
  }

  private static EventBatch batch(JsonParser parser) {
    String batchId = null;
    Sdk sdk = null;
    String sentAt = null;
    String project = null;
    String environment = null;
    List<@Nullable EvaluationCount> evaluations = null;
    List<@Nullable CustomEvent> custom = null;
    for (String name = parser.nextName(); name != null; name = parser.nextName()) {
      parser.nextToken();
      switch (name) {
        case "batchId" -> batchId = text(parser);
        case "sdk" -> sdk = VALUES.readValue(parser, Sdk.class); // informational, one per batch
        case "sentAt" -> sentAt = text(parser);
        case "project" -> project = text(parser);
        case "environment" -> environment = text(parser);
        case "evaluations" -> evaluations = evaluations(parser);
        case "custom" -> custom = customEvents(parser);
        default -> parser.skipChildren();
      }
    }
    return new EventBatch(batchId, sdk, sentAt, project, environment, evaluations, custom);
  }

  private static @Nullable List<@Nullable EvaluationCount> evaluations(JsonParser parser) {
    JsonToken token = parser.currentToken();
    if (token == JsonToken.VALUE_NULL) {
      return null;
    }
    if (token != JsonToken.START_ARRAY) {
      return VALUES.readValue(parser, EVALUATIONS);
    }
    List<@Nullable EvaluationCount> evaluations = new ArrayList<>();
    for (token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken()) {
      if (token == JsonToken.START_OBJECT) {
        evaluations.add(evaluation(parser));
      } else if (token == JsonToken.VALUE_NULL) {
        evaluations.add(null);
      } else {
        evaluations.add(VALUES.readValue(parser, EvaluationCount.class));
      }
    }
    return evaluations;
  }

  private static EvaluationCount evaluation(JsonParser parser) {
    String variable = null;
    String feature = null;
    String variation = null;
    String reason = null;
    String errorCode = null;
    Long count = null;
    String from = null;
    String to = null;
    for (String name = parser.nextName(); name != null; name = parser.nextName()) {
      parser.nextToken();
      switch (name) {
        case "variable" -> variable = text(parser);
        case "feature" -> feature = text(parser);
        case "variation" -> variation = text(parser);
        case "reason" -> reason = text(parser);
        case "errorCode" -> errorCode = text(parser);
        case "count" -> count = count(parser);
        case "from" -> from = text(parser);
        case "to" -> to = text(parser);
        default -> parser.skipChildren();
      }
    }
    return new EvaluationCount(variable, feature, variation, reason, errorCode, count, from, to);
  }

  private static @Nullable List<@Nullable CustomEvent> customEvents(JsonParser parser) {
    JsonToken token = parser.currentToken();
    if (token == JsonToken.VALUE_NULL) {
      return null;
    }
    if (token != JsonToken.START_ARRAY) {
      return VALUES.readValue(parser, CUSTOM);
    }
    List<@Nullable CustomEvent> events = new ArrayList<>();
    for (token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken()) {
      if (token == JsonToken.START_OBJECT) {
        events.add(customEvent(parser));
      } else if (token == JsonToken.VALUE_NULL) {
        events.add(null);
      } else {
        events.add(VALUES.readValue(parser, CustomEvent.class));
      }
    }
    return events;
  }

  private static CustomEvent customEvent(JsonParser parser) {
    String key = null;
    String userId = null;
    Double value = null;
    JsonNode metadata = null;
    String timestamp = null;
    for (String name = parser.nextName(); name != null; name = parser.nextName()) {
      parser.nextToken();
      switch (name) {
        case "key" -> key = text(parser);
        case "userId" -> userId = text(parser);
        case "value" ->
            value =
                parser.currentToken() == JsonToken.VALUE_NUMBER_FLOAT
                    ? Double.valueOf(parser.getDoubleValue())
                    : VALUES.readValue(parser, Double.class);
        case "metadata" -> metadata = VALUES.readValue(parser, JsonNode.class);
        case "timestamp" -> timestamp = text(parser);
        default -> parser.skipChildren();
      }
    }
    return new CustomEvent(key, userId, value, metadata, timestamp);
  }

  private static @Nullable String text(JsonParser parser) {
    JsonToken token = parser.currentToken();
    if (token == JsonToken.VALUE_STRING) {
      return parser.getString();
    }
    return token == JsonToken.VALUE_NULL ? null : VALUES.readValue(parser, String.class);
  }

  private static @Nullable Long count(JsonParser parser) {
    JsonToken token = parser.currentToken();
    if (token == JsonToken.VALUE_NUMBER_INT) {
      return parser.getLongValue();
    }
    return token == JsonToken.VALUE_NULL ? null : VALUES.readValue(parser, Long.class);
  }
}
