package dev.switchboard.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class InlineDocumentTest {

  @Test
  void theDocumentIsTakenExactlyAsSent() {
    String document = "{\"version\":7,\"s\":\"}{\\\"\",\"é\":[1,{}]}";

    ConfigFeed.InlineDocument inline =
        ConfigFeed.inlineDocument("{\"version\":7,\"etag\":\"abc\",\"document\":" + document + "}");

    assertThat(inline).isNotNull();
    assertThat(new String(inline.document(), StandardCharsets.UTF_8)).isEqualTo(document);
    assertThat(inline.etag()).isEqualTo("abc");
  }

  @Test
  void anEventWithoutADocumentOrAnEtagCarriesNone() {
    assertThat(ConfigFeed.inlineDocument("{\"version\":7,\"etag\":\"abc\"}")).isNull();
    assertThat(ConfigFeed.inlineDocument("{\"version\":7,\"document\":{}}")).isNull();
    assertThat(ConfigFeed.inlineDocument("{\"version\":7,\"etag\":\"a\",\"document\":[1]}"))
        .isNull();
    assertThat(ConfigFeed.inlineDocument("{\"version\":7,\"etag\":\"a\",\"document\":{")).isNull();
    assertThat(ConfigFeed.inlineDocument("[]")).isNull();
  }
}
