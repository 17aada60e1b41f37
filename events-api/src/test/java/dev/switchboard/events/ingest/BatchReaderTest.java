package dev.switchboard.events.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The streaming reader reads what databind read into the same records before it (the service's
 * earlier reader, kept here as the reference): the same records for every input databind accepts, a
 * refusal for every input it refuses.
 */
class BatchReaderTest {
  private static final JsonMapper DATABIND =
      JsonMapper.builder()
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();

  private static final String EXAMPLE =
      """
      {
        "batchId": "3f6c2a8e-2b1d-4c1e-9a57-1f2d3c4b5a69",
        "sdk": {"name": "switchboard-java", "version": "0.1.0"},
        "sentAt": "2026-11-27T14:00:10Z",
        "project": "shop",
        "environment": "production",
        "evaluations": [
          {"variable": "checkout-variant", "feature": "new-checkout", "variation": "treatment-a",
           "reason": "SPLIT", "count": 1234,
           "from": "2026-11-27T14:00:00Z", "to": "2026-11-27T14:00:10Z"},
          {"variable": "chekout-variant", "variation": null, "reason": "ERROR",
           "errorCode": "FLAG_NOT_FOUND", "count": 3,
           "from": "2026-11-27T14:00:00Z", "to": "2026-11-27T14:00:10Z"}
        ],
        "custom": [
          {"key": "purchase", "userId": "user-123", "value": 42.0,
           "metadata": {"currency": "EUR"}, "timestamp": "2026-11-27T14:00:03Z"}
        ]
      }
      """;

  /** Field values that databind reads, coerces or refuses in its own ways. */
  private static final List<String> VALUES =
      List.of(
          "null",
          "\"text\"",
          "\"\"",
          "\"5\"",
          "\"-3\"",
          "\"1.5\"",
          "\"null\"",
          "\"NaN\"",
          "\"Infinity\"",
          "\" 7 \"",
          "5",
          "-1",
          "0",
          "1.5",
          "1.0",
          "1e3",
          "-0.0",
          "99999999999999999999",
          "1e400",
          "true",
          "false",
          "{}",
          "{\"a\": 1}",
          "{\"name\": \"n\", \"version\": 2}",
          "[]",
          "[1]",
          "[\"a\"]",
          "[null]",
          "[{}]",
          "[{\"variable\": \"v\", \"count\": 2}]",
          "[{\"key\": \"k\", \"value\": 2, \"metadata\": null}]",
          "{\"nested\": [1, {\"deep\": [true, null]}]}");

  private static final List<String> BATCH_FIELDS =
      List.of(
          "batchId", "sdk", "sentAt", "project", "environment", "evaluations", "custom", "unknown");
  private static final List<String> EVALUATION_FIELDS =
      List.of(
          "variable",
          "feature",
          "variation",
          "reason",
          "errorCode",
          "count",
          "from",
          "to",
          "extra");
  private static final List<String> CUSTOM_FIELDS =
      List.of("key", "userId", "value", "metadata", "timestamp", "extra");

  @Test
  void readsTheDocumentedExampleAsDatabindDoes() {
    assertSameAsDatabind(EXAMPLE);
  }

  @Test
  void refusesWhatIsNoBatchAsDatabindDoes() {
    for (String body :
        List.of(
            "",
            "   ",
            "null",
            "null null",
            "[1, 2]",
            "5",
            "\"batch\"",
            "true",
            "{}",
            "{} {}",
            "{} x",
            "{}]",
            "{\"batchId\": \"b10\", \"evaluations\": [",
            "{\"batchId\": }",
            "{\"batchId\": \"a\",}",
            "{\"batchId\": \"a\" \"b\": 1}",
            "{batchId: \"a\"}",
            "{\"evaluations\": [{\"count\": 1,}]}")) {
      assertSameAsDatabind(body);
    }
  }

  @Test
  void readsEveryOddValueOfEveryFieldAsDatabindDoes() {
    for (String value : VALUES) {
      for (String field : BATCH_FIELDS) {
        assertSameAsDatabind("{\"" + field + "\": " + value + "}");
      }
      for (String field : EVALUATION_FIELDS) {
        assertSameAsDatabind("{\"evaluations\": [{\"" + field + "\": " + value + "}]}");
      }
      for (String field : CUSTOM_FIELDS) {
        assertSameAsDatabind("{\"custom\": [{\"" + field + "\": " + value + "}]}");
      }
      assertSameAsDatabind("{\"evaluations\": [" + value + "]}");
      assertSameAsDatabind("{\"custom\": [" + value + "]}");
    }
  }

  @Test
  void repeatedFieldsKeepTheLastValueAsInDatabind() {
    assertSameAsDatabind("{\"batchId\": \"a\", \"batchId\": \"b\"}");
    assertSameAsDatabind("{\"evaluations\": [{\"count\": 1, \"count\": 2}], \"evaluations\": []}");
    assertSameAsDatabind("{\"custom\": [{\"value\": 1.5, \"value\": null}]}");
  }

  @Test
  void readsRandomDocumentsAsDatabindDoes() {
    Random random = new Random(8);
    for (int i = 0; i < 3_000; i++) {
      assertSameAsDatabind(randomBatch(random));
    }
  }

  @Test
  void readsALoadDriverSizedBatchAsDatabindDoes() {
    StringBuilder json = new StringBuilder("{\"batchId\":\"load-1\",\"evaluations\":[");
    for (int i = 0; i < 1_000; i++) {
      json.append(i == 0 ? "" : ",")
          .append("{\"variable\":\"v")
          .append(i % 50)
          .append("\",\"feature\":\"f\",\"variation\":\"on\",\"reason\":\"SPLIT\",\"count\":")
          .append(1 + i % 97)
          .append(",\"from\":\"2026-11-27T14:00:00Z\",\"to\":\"2026-11-27T14:00:10Z\"}");
    }
    assertSameAsDatabind(json.append("]}").toString());
  }

  private static String randomBatch(Random random) {
    StringBuilder json = new StringBuilder("{");
    int fields = random.nextInt(6);
    for (int f = 0; f < fields; f++) {
      String field = BATCH_FIELDS.get(random.nextInt(BATCH_FIELDS.size()));
      json.append(f == 0 ? "" : ",").append('"').append(field).append("\":");
      if (field.equals("evaluations") || field.equals("custom")) {
        List<String> names = field.equals("custom") ? CUSTOM_FIELDS : EVALUATION_FIELDS;
        json.append(random.nextInt(8) == 0 ? randomValue(random) : randomArray(random, names));
      } else {
        json.append(randomValue(random));
      }
    }
    return json.append('}').toString();
  }

  private static String randomArray(Random random, List<String> names) {
    List<String> elements = new ArrayList<>();
    int size = random.nextInt(4);
    for (int e = 0; e < size; e++) {
      if (random.nextInt(10) == 0) {
        elements.add(randomValue(random));
        continue;
      }
      StringBuilder element = new StringBuilder("{");
      int fields = random.nextInt(5);
      for (int f = 0; f < fields; f++) {
        element
            .append(f == 0 ? "" : ",")
            .append('"')
            .append(names.get(random.nextInt(names.size())))
            .append("\":")
            .append(randomValue(random));
      }
      elements.add(element.append('}').toString());
    }
    return "[" + String.join(",", elements) + "]";
  }

  private static String randomValue(Random random) {
    return VALUES.get(random.nextInt(VALUES.size()));
  }

  private static void assertSameAsDatabind(String body) {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    Object expected;
    try {
      expected = DATABIND.readValue(bytes, EventBatch.class);
    } catch (JacksonException e) {
      expected = JacksonException.class;
    }
    Object actual;
    try {
      actual = BatchReader.read(bytes);
    } catch (JacksonException e) {
      actual = JacksonException.class;
    }
    assertThat(actual).as(body).isEqualTo(expected);
  }
}
