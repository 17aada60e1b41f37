package dev.switchboard.events.ingest;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The JSON of an {@link IngestedBatch} on {@code switchboard.events}, written and read with
 * jackson-core's streaming generator and parser: the producer and the consumer each handle a
 * thousand evaluation rows per batch, and databind's per-record reflection was a visible part of
 * their CPU time (docs/performance.md). The JSON is what databind writes for the record (field
 * names of the record components, {@code null}s included, instants as ISO-8601 text), so records
 * written before this class, or by databind, read the same; IngestedBatchCodecTest holds both ways.
 * Unknown fields are skipped, as newer versions may add some.
 */
public final class IngestedBatchCodec {
  // reads the metadata trees from the middle of a record: no check for what follows them
  private static final JsonMapper JSON =
      JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();

  private IngestedBatchCodec() {}

  /** The record's value. */
  public static byte[] write(IngestedBatch batch) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(256 + 96 * batch.evaluations().size());
    try (JsonGenerator json = JSON.createGenerator(bytes)) {
      json.writeStartObject();
      json.writeNumberProperty("schemaVersion", batch.schemaVersion());
      json.writeStringProperty("environmentId", batch.environmentId().toString());
      json.writeStringProperty("batchId", batch.batchId());
      json.writeStringProperty("receivedAt", batch.receivedAt().toString());
      json.writeStringProperty("keyType", batch.keyType());
      json.writeArrayPropertyStart("evaluations");
      for (IngestedBatch.Evaluation e : batch.evaluations()) {
        json.writeStartObject();
        json.writeStringProperty("variable", e.variable());
        json.writeStringProperty("variation", e.variation());
        json.writeStringProperty("reason", e.reason());
        json.writeNumberProperty("minute", e.minute());
        json.writeNumberProperty("count", e.count());
        json.writeEndObject();
      }
      json.writeEndArray();
      json.writeArrayPropertyStart("unknownVariables");
      for (IngestedBatch.UnknownVariable u : batch.unknownVariables()) {
        json.writeStartObject();
        json.writeStringProperty("variable", u.variable());
        json.writeNumberProperty("minute", u.minute());
        json.writeNumberProperty("count", u.count());
        json.writeEndObject();
      }
      json.writeEndArray();
      json.writeArrayPropertyStart("custom");
      for (IngestedBatch.Custom c : batch.custom()) {
        json.writeStartObject();
        json.writeStringProperty("key", c.key());
        json.writeStringProperty("userId", c.userId());
        if (c.value() == null) {
          json.writeNullProperty("value");
        } else {
          json.writeNumberProperty("value", c.value().doubleValue());
        }
        json.writeName("metadata");
        if (c.metadata() == null) {
          json.writeNull();
        } else {
          json.writeTree(c.metadata());
        }
        json.writeStringProperty("timestamp", c.timestamp().toString());
        json.writeEndObject();
      }
      json.writeEndArray();
      json.writeEndObject();
    }
    return bytes.toByteArray();
  }

  /**
   * The batch in {@code value}, whatever its {@code schemaVersion} (the caller decides what to do
   * with versions it does not know).
   *
   * @throws JacksonException when {@code value} is not JSON
   * @throws IllegalArgumentException when it is no batch record (a field missing or of the wrong
   *     type); {@link java.time.DateTimeException} when an instant cannot be read
   */
  public static IngestedBatch read(byte[] value) {
    try (JsonParser json = JSON.createParser(value)) {
      expect(json, json.nextToken(), JsonToken.START_OBJECT, "the record");
      int schemaVersion = -1;
      UUID environmentId = null;
      String batchId = null;
      Instant receivedAt = null;
      String keyType = null;
      List<IngestedBatch.Evaluation> evaluations = List.of();
      List<IngestedBatch.UnknownVariable> unknownVariables = List.of();
      List<IngestedBatch.Custom> custom = List.of();
      for (String name = json.nextName(); name != null; name = json.nextName()) {
        JsonToken token = json.nextToken();
        switch (name) {
          case "schemaVersion" -> schemaVersion = (int) number(json, token, name);
          case "environmentId" -> environmentId = UUID.fromString(required(json, token, name));
          case "batchId" -> batchId = required(json, token, name);
          case "receivedAt" -> receivedAt = instant(json, token, name);
          case "keyType" -> keyType = required(json, token, name);
          case "evaluations" -> evaluations = evaluations(json, token);
          case "unknownVariables" -> unknownVariables = unknownVariables(json, token);
          case "custom" -> custom = custom(json, token);
          default -> json.skipChildren();
        }
      }
      if (environmentId == null || batchId == null || receivedAt == null || keyType == null) {
        throw new IllegalArgumentException(
            "environmentId, batchId, receivedAt and keyType are required");
      }
      return new IngestedBatch(
          schemaVersion,
          environmentId,
          batchId,
          receivedAt,
          keyType,
          evaluations,
          unknownVariables,
          custom);
    }
  }

  private static List<IngestedBatch.Evaluation> evaluations(JsonParser json, JsonToken token) {
    expect(json, token, JsonToken.START_ARRAY, "evaluations");
    List<IngestedBatch.Evaluation> evaluations = new ArrayList<>();
    while (json.nextToken() == JsonToken.START_OBJECT) {
      String variable = null;
      String variation = null;
      String reason = null;
      long minute = Long.MIN_VALUE;
      long count = Long.MIN_VALUE;
      for (String name = json.nextName(); name != null; name = json.nextName()) {
        JsonToken value = json.nextToken();
        switch (name) {
          case "variable" -> variable = required(json, value, name);
          case "variation" -> variation = value == JsonToken.VALUE_NULL ? null : json.getString();
          case "reason" -> reason = required(json, value, name);
          case "minute" -> minute = number(json, value, name);
          case "count" -> count = number(json, value, name);
          default -> json.skipChildren();
        }
      }
      if (variable == null || reason == null || minute == Long.MIN_VALUE || count < 0) {
        throw new IllegalArgumentException("an evaluation without variable, reason, minute, count");
      }
      evaluations.add(new IngestedBatch.Evaluation(variable, variation, reason, minute, count));
    }
    expect(json, json.currentToken(), JsonToken.END_ARRAY, "evaluations");
    return evaluations;
  }

  private static List<IngestedBatch.UnknownVariable> unknownVariables(
      JsonParser json, JsonToken token) {
    expect(json, token, JsonToken.START_ARRAY, "unknownVariables");
    List<IngestedBatch.UnknownVariable> unknown = new ArrayList<>();
    while (json.nextToken() == JsonToken.START_OBJECT) {
      String variable = null;
      long minute = Long.MIN_VALUE;
      long count = Long.MIN_VALUE;
      for (String name = json.nextName(); name != null; name = json.nextName()) {
        JsonToken value = json.nextToken();
        switch (name) {
          case "variable" -> variable = required(json, value, name);
          case "minute" -> minute = number(json, value, name);
          case "count" -> count = number(json, value, name);
          default -> json.skipChildren();
        }
      }
      if (variable == null || minute == Long.MIN_VALUE || count < 0) {
        throw new IllegalArgumentException("an unknown variable without variable, minute, count");
      }
      unknown.add(new IngestedBatch.UnknownVariable(variable, minute, count));
    }
    expect(json, json.currentToken(), JsonToken.END_ARRAY, "unknownVariables");
    return unknown;
  }

  private static List<IngestedBatch.Custom> custom(JsonParser json, JsonToken token) {
    expect(json, token, JsonToken.START_ARRAY, "custom");
    List<IngestedBatch.Custom> custom = new ArrayList<>();
    while (json.nextToken() == JsonToken.START_OBJECT) {
      String key = null;
      String userId = null;
      Double value = null;
      JsonNode metadata = null;
      Instant timestamp = null;
      for (String name = json.nextName(); name != null; name = json.nextName()) {
        JsonToken next = json.nextToken();
        switch (name) {
          case "key" -> key = required(json, next, name);
          case "userId" -> userId = next == JsonToken.VALUE_NULL ? null : json.getString();
          case "value" -> value = next == JsonToken.VALUE_NULL ? null : json.getDoubleValue();
          case "metadata" ->
              metadata = next == JsonToken.VALUE_NULL ? null : JSON.readValue(json, JsonNode.class);
          case "timestamp" -> timestamp = instant(json, next, name);
          default -> json.skipChildren();
        }
      }
      if (key == null || timestamp == null) {
        throw new IllegalArgumentException("a custom event without key or timestamp");
      }
      custom.add(new IngestedBatch.Custom(key, userId, value, metadata, timestamp));
    }
    expect(json, json.currentToken(), JsonToken.END_ARRAY, "custom");
    return custom;
  }

  private static String required(JsonParser json, JsonToken token, String name) {
    expect(json, token, JsonToken.VALUE_STRING, name);
    return json.getString();
  }

  /**
   * ISO-8601 text, as this class and databind write instants; also decimal epoch seconds, as
   * databind writes them when configured for timestamps.
   */
  private static Instant instant(JsonParser json, JsonToken token, String name) {
    if (token == JsonToken.VALUE_NUMBER_INT || token == JsonToken.VALUE_NUMBER_FLOAT) {
      BigDecimal seconds = json.getDecimalValue();
      BigDecimal whole = seconds.setScale(0, RoundingMode.FLOOR);
      return Instant.ofEpochSecond(
          whole.longValueExact(), seconds.subtract(whole).movePointRight(9).intValue());
    }
    return Instant.parse(required(json, token, name));
  }

  private static long number(JsonParser json, JsonToken token, String name) {
    expect(json, token, JsonToken.VALUE_NUMBER_INT, name);
    return json.getLongValue();
  }

  private static void expect(
      JsonParser json, @Nullable JsonToken token, JsonToken expected, String what) {
    if (token != expected) {
      throw new IllegalArgumentException(
          what + ": expected " + expected + ", found " + token + " at " + json.currentLocation());
    }
  }
}
