package dev.switchboard.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * The version a {@code config-updated} event announces is read as databind's {@code
 * readTree(data).path("version").asLong(-1)} read it, without loading databind.
 */
class AnnouncedVersionTest {
  private static final JsonMapper DATABIND = JsonMapper.builder().build();

  private static final String[] EVENT_DATA = {
    "{\"version\":42,\"etag\":\"5f0c3a\"}",
    "{\"etag\":\"x\",\"version\":0}",
    "{\"version\":9223372036854775807}",
    "{\"version\":99999999999999999999}",
    "{\"version\":-7}",
    "{\"version\":-0}",
    "{\"version\":42.0}",
    "{\"version\":42.7}",
    "{\"version\":-42.7}",
    "{\"version\":1e2}",
    "{\"version\":1e400}",
    "{\"version\":\"42\"}",
    "{\"version\":\" 42\"}",
    "{\"version\":\"42.5\"}",
    "{\"version\":\"1e2\"}",
    "{\"version\":\"x\"}",
    "{\"version\":\"\"}",
    "{\"version\":\"99999999999999999999\"}",
    "{\"version\":9.2233720368547758E18}",
    "{\"version\":-9.2233720368547758E18}",
    "{\"version\":1e19}",
    "{\"version\":0.9}",
    "{\"version\":\"+42\"}",
    "{\"version\":\"-42\"}",
    "{\"version\":\"0042\"}",
    "{\"version\":\"9223372036854775808\"}",
    "{\"version\":\"-9223372036854775808\"}",
    "{\"version\":\"\u0664\u0662\"}",
    "{\"version\":\"+-1\"}",
    "{\"version\":\"42 \"}",
    "{\"version\":true}",
    "{\"version\":false}",
    "{\"version\":null}",
    "{\"version\":{}}",
    "{\"version\":[1]}",
    "{\"version\":1,\"version\":2}",
    "{\"a\":{\"version\":5}}",
    "{}",
    "[]",
    "[{\"version\":3}]",
    "42",
    "\"42\"",
    "null",
    "",
    " ",
    "{\"version\":1} x",
    "{\"version\":1} {}",
    "{\"version\":1",
    "{\"version\":1,}",
    "{version:1}"
  };

  @Test
  void readsTheVersionAsDatabindDid() {
    for (String data : EVENT_DATA) {
      assertSameAsDatabind(data);
    }
  }

  private static void assertSameAsDatabind(String data) {
    long expected;
    try {
      expected = DATABIND.readTree(data).path("version").asLong(-1);
    } catch (RuntimeException databindFailure) {
      assertThatThrownBy(() -> ConfigFeed.announcedVersion(data))
          .as("%s (databind: %s)", data, databindFailure.getMessage())
          .isInstanceOf(RuntimeException.class);
      return;
    }
    assertThat(ConfigFeed.announcedVersion(data)).as(data).isEqualTo(expected);
  }
}
