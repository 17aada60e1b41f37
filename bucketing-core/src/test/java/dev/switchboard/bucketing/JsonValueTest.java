package dev.switchboard.bucketing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The config reader builds the tree that databind's {@code readTree} built when the loader used it
 * (with duplicate names rejected), and fails where it failed: same kinds, same numbers, same member
 * order, same parser errors.
 */
class JsonValueTest {
  private static final JsonMapper DATABIND =
      JsonMapper.builder().enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY).build();

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{}",
        "[]",
        "{\"a\": {\"b\": [1, 2, {\"c\": null}]}, \"d\": []}",
        "\"text\"",
        "\"esc\\\"aped \\\\ \\u00e9 \\n \\t \\u0001 \\ud83d\\ude00 /\"",
        "\"unicode é 😀\"",
        "true",
        "false",
        "null",
        "0",
        "-0",
        "1",
        "-1",
        "2147483647",
        "2147483648",
        "-2147483648",
        "-2147483649",
        "9223372036854775807",
        "9223372036854775808",
        "-9223372036854775808",
        "-9223372036854775809",
        "123456789012345678901234567890",
        "1.0",
        "-0.0",
        "1e2",
        "1E2",
        "1e-2",
        "1.5e300",
        "1e400",
        "-1e400",
        "4.9e-325",
        "0.1",
        "100000.0",
        "3.141592653589793238462643383279",
        "{\"a\": 1, \"b\": 2, \"a\": 3}",
        "{\"a\": 1, \"a\": {}}",
        "{\"a\": [], \"a\": [}",
        "{\"a\": {\"x\": 1, \"x\": 2}}",
        "{\"a\": 1, \"A\": 2}",
        "[{\"k\": 1}, {\"k\": 2}]",
        "{} {}",
        "{} x",
        "{} ]",
        "[] 1",
        "null null",
        "",
        "   ",
        "\n",
        "{",
        "{\"a\"",
        "{\"a\":",
        "{\"a\": 1,}",
        "[1,]",
        "[1 2]",
        "{'a': 1}",
        "{a: 1}",
        "NaN",
        "Infinity",
        "-",
        "01",
        "1.",
        ".5",
        "+1",
        "0x10",
        "\"unterminated",
        "\"tab\tinside\"",
        "// comment\n{}",
        "/* c */ {}",
        "{\"a\": tru}",
        "[\"\\x\"]",
        "}",
        "]"
      })
  void readsWhatDatabindReads(String json) {
    assertSameAsDatabind(json.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void readsOtherUnicodeEncodingsAsDatabindDoes() {
    String json = "{\"k\": \"é\", \"n\": [1, 2.5]}";
    assertSameAsDatabind(json.getBytes(StandardCharsets.UTF_16BE));
    assertSameAsDatabind(json.getBytes(StandardCharsets.UTF_16LE));
    assertSameAsDatabind(("\uFEFF" + json).getBytes(StandardCharsets.UTF_8));
    assertSameAsDatabind(new byte[] {(byte) 0xC3, (byte) 0x28});
  }

  @Test
  void readsDeepNestingUpToTheParsersLimit() {
    for (int depth : new int[] {10, 499, 500, 501, 1000, 1001, 5000}) {
      String json = "[".repeat(depth) + "]".repeat(depth);
      assertSameAsDatabind(json.getBytes(StandardCharsets.UTF_8));
    }
  }

  @Test
  void aRepeatedNameIsAnErrorOfTheWholeDocument() {
    assertThatThrownBy(() -> JsonValue.read(bytes("{\"a\": 1, \"b\": {\"a\": 2, \"a\": 3}}")))
        .isInstanceOfSatisfying(
            InvalidConfigException.class,
            e -> {
              assertThat(e.pointer()).isEmpty();
              assertThat(e.reason()).isEqualTo("not valid JSON: duplicate property name 'a'");
            });
  }

  @Test
  void nothingMayFollowTheRootValue() {
    assertThatThrownBy(() -> JsonValue.read(bytes("{} {}")))
        .isInstanceOfSatisfying(
            InvalidConfigException.class,
            e ->
                assertThat(e.reason())
                    .isEqualTo(
                        "not valid JSON: trailing token (of type START_OBJECT) after the root"
                            + " value"));
  }

  @Test
  void anEmptyDocumentHoldsNoValue() throws InvalidConfigException {
    assertThat(JsonValue.read(bytes(" \n\t"))).isNull();
  }

  @Test
  void turnsValuesIntoPlainJava() throws InvalidConfigException {
    JsonValue value =
        JsonValue.read(
            bytes(
                "{\"s\": \"x\", \"i\": 3, \"d\": 3.0, \"big\": 1e400, \"huge\":"
                    + " 99999999999999999999, \"b\": true, \"n\": null, \"a\": [1, {}]}"));
    Map<String, Object> expected = new LinkedHashMap<>();
    expected.put("s", "x");
    expected.put("i", 3L);
    expected.put("d", 3.0);
    expected.put("big", Double.POSITIVE_INFINITY);
    expected.put("huge", 1e20);
    expected.put("b", true);
    expected.put("n", null);
    expected.put("a", List.of(1L, Map.of()));
    Object java = value.toJava();
    assertThat(java).isEqualTo(expected);
    assertThat(List.copyOf(((Map<?, ?>) java).keySet())).isEqualTo(List.copyOf(expected.keySet()));
  }

  /** Random JSON-like text: valid documents of every kind of value, and broken variants. */
  @Property(tries = 2_000)
  void readsArbitraryTextAsDatabindDoes(@ForAll long seed) {
    Random random = new Random(seed);
    String json = new JsonText(random).value(0);
    if (random.nextInt(3) == 0) {
      json = mutate(json, random);
    }
    assertSameAsDatabind(json.getBytes(StandardCharsets.UTF_8));
  }

  // ---- comparison ---------------------------------------------------------------------------

  private static void assertSameAsDatabind(byte[] json) {
    JsonNode expected;
    try {
      expected = DATABIND.readTree(json);
    } catch (JacksonException databindFailure) {
      assertThatThrownBy(() -> JsonValue.read(json))
          .as("databind rejected it: %s", databindFailure.getOriginalMessage())
          .isInstanceOfSatisfying(
              InvalidConfigException.class,
              e -> {
                assertThat(e.pointer()).isEmpty();
                assertThat(e.reason()).isEqualTo(expectedReason(databindFailure));
              });
      return;
    }
    JsonValue actual;
    try {
      actual = JsonValue.read(json);
    } catch (InvalidConfigException e) {
      throw new AssertionError("databind read it as " + expected + " but: " + e.getMessage(), e);
    }
    if (expected == null || expected.isMissingNode()) {
      assertThat(actual).isNull();
      return;
    }
    assertThat(actual).isNotNull();
    assertSame(actual, expected, "");
  }

  /** Our reason for the databind failure: the parser's own words, or ours for two checks. */
  private static String expectedReason(JacksonException databindFailure) {
    String message = databindFailure.getOriginalMessage();
    if (message.contains("FAIL_ON_READING_DUP_TREE_KEY")) {
      String name = message.substring(message.indexOf('"') + 1, message.indexOf("\" for"));
      return "not valid JSON: duplicate property name '" + name + "'";
    }
    if (message.contains("FAIL_ON_TRAILING_TOKENS")) {
      String type = message.replaceFirst("(?s).*?JsonToken\\.([A-Z_]+).*", "$1");
      return "not valid JSON: trailing token (of type " + type + ") after the root value";
    }
    return "not valid JSON: " + message;
  }

  private static void assertSame(JsonValue actual, JsonNode expected, String pointer) {
    String at = pointer.isEmpty() ? "the root" : pointer;
    assertThat(actual.isObject()).as("object at %s", at).isEqualTo(expected.isObject());
    assertThat(actual.isArray()).as("array at %s", at).isEqualTo(expected.isArray());
    assertThat(actual.isString()).as("string at %s", at).isEqualTo(expected.isString());
    assertThat(actual.isNumber()).as("number at %s", at).isEqualTo(expected.isNumber());
    assertThat(actual.isBoolean()).as("boolean at %s", at).isEqualTo(expected.isBoolean());
    assertThat(actual.isNull()).as("null at %s", at).isEqualTo(expected.isNull());
    assertThat(actual.toString()).as("JSON at %s", at).isEqualTo(expected.toString());
    if (expected.isObject()) {
      assertThat(actual.size()).as("members at %s", at).isEqualTo(expected.size());
      var members = actual.members().iterator();
      for (Map.Entry<String, JsonNode> member : expected.properties()) {
        Map.Entry<String, JsonValue> ours = members.next();
        assertThat(ours.getKey()).as("member order at %s", at).isEqualTo(member.getKey());
        assertThat(actual.has(member.getKey())).isTrue();
        assertSame(ours.getValue(), member.getValue(), pointer + "/" + member.getKey());
      }
    } else if (expected.isArray()) {
      assertThat(actual.size()).as("elements at %s", at).isEqualTo(expected.size());
      for (int i = 0; i < expected.size(); i++) {
        assertSame(actual.get(i), expected.get(i), pointer + "/" + i);
      }
    } else if (expected.isString()) {
      assertThat(actual.stringValue()).isEqualTo(expected.stringValue());
    } else if (expected.isBoolean()) {
      assertThat(actual.booleanValue()).isEqualTo(expected.booleanValue());
    } else if (expected.isNumber()) {
      assertSameNumber(actual, expected, at);
    }
  }

  private static void assertSameNumber(JsonValue actual, JsonNode expected, String at) {
    assertThat(actual.isIntegralNumber())
        .as("integral at %s", at)
        .isEqualTo(expected.isIntegralNumber());
    boolean isLong = expected.isIntegralNumber() && expected.canConvertToLong();
    assertThat(actual.isLong()).as("long at %s", at).isEqualTo(isLong);
    assertThat(actual.isInt())
        .as("int at %s", at)
        .isEqualTo(expected.isIntegralNumber() && expected.canConvertToInt());
    if (isLong) {
      assertThat(actual.longValue()).isEqualTo(expected.longValue());
    }
    if (expected.isFloatingPointNumber() || isLong) {
      // a BigInteger beyond a double's range is an exception in databind, infinite here
      assertThat(actual.doubleValue()).isEqualTo(expected.doubleValue());
    } else {
      assertThat(actual.doubleValue()).isEqualTo(expected.bigIntegerValue().doubleValue());
    }
  }

  private static byte[] bytes(String json) {
    return json.getBytes(StandardCharsets.UTF_8);
  }

  private static String mutate(String json, Random random) {
    StringBuilder text = new StringBuilder(json);
    int edits = 1 + random.nextInt(3);
    String alphabet = "{}[],:\"\\ 0-.eE1tfn/x";
    for (int i = 0; i < edits; i++) {
      int at = random.nextInt(text.length() + 1);
      switch (random.nextInt(3)) {
        case 0 -> text.insert(at, alphabet.charAt(random.nextInt(alphabet.length())));
        case 1 -> {
          if (at < text.length()) {
            text.deleteCharAt(at);
          }
        }
        default -> text.append(random.nextBoolean() ? " {}" : "]");
      }
    }
    return text.toString();
  }

  /** Writes a random JSON value with random whitespace; names repeat now and then. */
  private static final class JsonText {
    private static final String[] NAMES = {"a", "b", "key", "values", "é", "a/b", "~"};
    private static final String[] NUMBERS = {
      "0",
      "-0",
      "7",
      "-12",
      "2147483648",
      "-9223372036854775808",
      "9223372036854775808",
      "123456789012345678901234567890",
      "0.5",
      "-0.0",
      "1e3",
      "2E-3",
      "6.02e23",
      "1e400",
      "1.0"
    };
    private final Random random;

    JsonText(Random random) {
      this.random = random;
    }

    String value(int depth) {
      int kind = random.nextInt(depth > 4 ? 5 : 7);
      return switch (kind) {
        case 0 -> "\"" + NAMES[random.nextInt(NAMES.length)] + "\\u00e9\"";
        case 1 -> NUMBERS[random.nextInt(NUMBERS.length)];
        case 2 -> String.valueOf(random.nextLong());
        case 3 -> random.nextBoolean() ? "true" : "false";
        case 4 -> random.nextInt(4) == 0 ? "null" : String.valueOf(random.nextDouble());
        case 5 -> {
          StringBuilder object = new StringBuilder("{");
          int members = random.nextInt(4);
          for (int i = 0; i < members; i++) {
            object.append(i == 0 ? "" : ",").append(space());
            object.append('"').append(NAMES[random.nextInt(NAMES.length)]).append('"');
            object.append(space()).append(':').append(space()).append(value(depth + 1));
          }
          yield object.append(space()).append('}').toString();
        }
        default -> {
          StringBuilder array = new StringBuilder("[");
          int elements = random.nextInt(4);
          for (int i = 0; i < elements; i++) {
            array.append(i == 0 ? "" : ",").append(space()).append(value(depth + 1));
          }
          yield array.append(space()).append(']').toString();
        }
      };
    }

    private String space() {
      return random.nextInt(4) == 0 ? " \n" : "";
    }
  }
}
