package dev.switchboard.edge.evaluate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.bucketing.User;
import dev.switchboard.edge.web.EdgeException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * The streaming reading must answer exactly as the reference (tree) reading does: the same user, or
 * the same 400 with the same words, for every body.
 */
class UserParserTest {
  private static final UserParser PARSER = new UserParser(JsonMapper.builder().build());

  @Test
  void readsAFullUser() {
    User user =
        parse(
            "{\"id\":\"user-123\",\"email\":\"a@example.com\",\"name\":\"Ann\",\"country\":\"DE\","
                + "\"platform\":\"web\",\"platformVersion\":\"17.1\",\"appVersion\":\"2.4.1\","
                + "\"custom\":{\"plan\":\"enterprise\",\"seats\":40,\"beta\":true,\"gone\":null}}");

    assertThat(user)
        .isEqualTo(
            User.builder("user-123")
                .email("a@example.com")
                .name("Ann")
                .country("DE")
                .platform("web")
                .platformVersion("17.1")
                .appVersion("2.4.1")
                .attribute("plan", "enterprise")
                .attribute("seats", 40.0)
                .attribute("beta", true)
                .build());
    assertThat(user.custom()).doesNotContainKey("gone");
  }

  @Test
  void readsPlainUsersInOneStreamingPass() {
    String[] plain = {
      "{\"id\":\"user-123\",\"email\":\"a@example.com\",\"name\":\"Ann\",\"country\":\"DE\","
          + "\"platform\":\"web\",\"platformVersion\":\"17.1\",\"appVersion\":\"2.4.1\","
          + "\"custom\":{\"plan\":\"enterprise\",\"seats\":40,\"beta\":true}}",
      "{\"id\":\"user-42\",\"email\":\"someone@example.org\",\"country\":\"DE\","
          + "\"appVersion\":\"2.4.1\",\"custom\":{\"plan\":\"free\"}}",
      " {\"custom\":{\"a\":null},\"email\":null,\"id\":\"u\"}\n",
    };
    for (String body : plain) {
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      assertThat(PARSER.parsePlain(bytes)).as(body).isNotNull().isEqualTo(PARSER.parseTree(bytes));
    }
  }

  @Test
  void agreesWithTheReferenceOnTheDocumentedMistakesAndTheirEdges() {
    String[] bodies = {
      "",
      " ",
      "{not json",
      "[1,2]",
      "\"user\"",
      "null",
      "{}",
      "{\"id\":42}",
      "{\"id\":null}",
      "{\"id\":\"\"}",
      "{\"id\":\"" + "x".repeat(UserParser.MAX_ID_LENGTH) + "\"}",
      "{\"id\":\"" + "x".repeat(UserParser.MAX_ID_LENGTH + 1) + "\"}",
      "{\"id\":\"u\",\"email\":7}",
      "{\"id\":\"u\",\"email\":null}",
      "{\"id\":\"u\",\"plan\":\"x\"}",
      "{\"plan\":\"x\",\"id\":7}",
      "{\"id\":\"u\",\"custom\":[]}",
      "{\"id\":\"u\",\"custom\":null}",
      "{\"id\":\"u\",\"custom\":{\"tags\":[\"a\"]}}",
      "{\"id\":\"u\",\"custom\":{\"a\":{}}}",
      "{\"id\":\"u\",\"custom\":{\"a\":1,\"a\":null}}",
      "{\"id\":\"u\",\"custom\":{\"a\":null,\"a\":2.5}}",
      "{\"id\":\"u\",\"custom\":{\"a\":1},\"custom\":{\"b\":2}}",
      "{\"id\":\"u\",\"id\":\"v\"}",
      "{\"id\":\"u\",\"email\":\"a\",\"email\":null}",
      "{\"id\":\"u\"} ",
      "{\"id\":\"u\"} {",
      "{\"id\":\"u\"} 1",
      "{\"id\":\"u\"}{\"id\":\"v\"}",
      "{\"id\":\"u\",}",
      "{\"id\":\"u\" \"email\":\"a\"}",
      "{\"id\":\"u\",\"custom\":{\"big\":123456789012345678901234567890,\"f\":1e400}}",
      "{\"id\":\"u\",\"custom\":{\"n\":-0.0,\"m\":1.5e-7,\"i\":9007199254740993}}",
      "{\"id\":\"\\u00e9\\ud83d\\ude00\",\"name\":\"tab\\there\"}",
      "\uFEFF{\"id\":\"u\"}",
      "{\"id\":\"u\",\"custom\":" + customOf(200) + "}",
      "{\"id\":\"u\",\"custom\":" + customOf(201) + "}",
    };
    for (String body : bodies) {
      assertAgrees(body);
    }
  }

  @Test
  void anEmptyBodyAsksForAUser() {
    assertThatThrownBy(() -> PARSER.parse(new byte[0]))
        .isInstanceOf(EdgeException.class)
        .hasMessageContaining("must be a user object");
  }

  @Property(tries = 3000)
  void agreesWithTheReferenceOnEveryBody(@ForAll("bodies") String body) {
    assertAgrees(body);
  }

  @Provide
  Arbitrary<String> bodies() {
    Arbitrary<String> names =
        Arbitraries.of(
            "id",
            "id",
            "email",
            "name",
            "country",
            "platform",
            "platformVersion",
            "appVersion",
            "custom",
            "custom",
            "plan",
            "ID",
            "");
    Arbitrary<String> scalars =
        Arbitraries.oneOf(
            Arbitraries.strings().ofMaxLength(6).map(UserParserTest::quoted),
            Arbitraries.of("\"\"", "null", "true", "false", "0", "-1", "40", "2.5", "1e3", "-0.0"),
            Arbitraries.longs().map(String::valueOf),
            Arbitraries.doubles().map(String::valueOf));
    Arbitrary<String> customObjects =
        Combinators.combine(
                Arbitraries.of("a", "b", "plan", "seats", "id").list().ofMaxSize(5),
                Arbitraries.oneOf(scalars, Arbitraries.of("[]", "{}", "[1]")).list().ofSize(5))
            .as(UserParserTest::object);
    Arbitrary<String> values =
        Arbitraries.frequencyOf(
            net.jqwik.api.Tuple.of(6, scalars),
            net.jqwik.api.Tuple.of(3, customObjects),
            net.jqwik.api.Tuple.of(1, Arbitraries.of("[]", "[\"a\"]", "{\"x\":{\"y\":1}}")));
    Arbitrary<String> users =
        Combinators.combine(names.list().ofMaxSize(6), values.list().ofSize(6))
            .as(UserParserTest::object);
    Arbitrary<String> suffixes = Arbitraries.of("", "", "", " ", "\n", " {", "x", "}", ",");
    return Combinators.combine(users, suffixes, Arbitraries.integers().between(0, 20))
        .as(
            (user, suffix, cut) ->
                cut == 0 && user.length() > 2
                    ? user.substring(0, user.length() - 1 - (user.length() % 3))
                    : user + suffix);
  }

  private static String object(List<String> names, List<String> values) {
    StringBuilder json = new StringBuilder("{");
    for (int i = 0; i < names.size(); i++) {
      if (i > 0) {
        json.append(',');
      }
      json.append(quoted(names.get(i))).append(':').append(values.get(i));
    }
    return json.append('}').toString();
  }

  private static String quoted(String text) {
    StringBuilder out = new StringBuilder("\"");
    for (char c : text.toCharArray()) {
      if (c == '"' || c == '\\') {
        out.append('\\').append(c);
      } else if (c < 0x20) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.append('"').toString();
  }

  private static String customOf(int attributes) {
    List<String> names = new ArrayList<>();
    List<String> values = new ArrayList<>();
    for (int i = 0; i < attributes; i++) {
      names.add("a" + i);
      values.add(String.valueOf(i));
    }
    return object(names, values);
  }

  private static User parse(String body) {
    return PARSER.parse(body.getBytes(StandardCharsets.UTF_8));
  }

  private static void assertAgrees(String body) {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    Object expected = outcome(() -> PARSER.parseTree(bytes));
    Object actual = outcome(() -> PARSER.parse(bytes));
    if (bytes.length == 0) {
      return; // refused before either reading: covered above
    }
    assertThat(actual).as(body).isEqualTo(expected);
  }

  private static Object outcome(java.util.function.Supplier<User> parse) {
    try {
      User user = parse.get();
      return List.of(user, user.email() == null ? "" : user.email(), user.custom());
    } catch (EdgeException e) {
      return e.status() + " " + e.getMessage();
    }
  }
}
