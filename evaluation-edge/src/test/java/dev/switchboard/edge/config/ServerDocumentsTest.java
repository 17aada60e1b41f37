package dev.switchboard.edge.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ConfigControllerTest {

  @Test
  void ifNoneMatchComparesEntityTagsWeaklyAndAcceptsLists() {
    assertThat(ConfigController.matches("\"abc\"", "abc")).isTrue();
    assertThat(ConfigController.matches("W/\"abc\"", "abc")).isTrue();
    assertThat(ConfigController.matches("\"x\", \"abc\"", "abc")).isTrue();
    assertThat(ConfigController.matches("*", "abc")).isTrue();
    assertThat(ConfigController.matches("abc", "abc")).as("unquoted").isFalse();
    assertThat(ConfigController.matches("\"abcd\"", "abc")).isFalse();
    assertThat(ConfigController.matches("\"ab\"", "abc")).isFalse();
  }

  @Test
  void gzipIsSentOnlyWhenAcceptedWithANonZeroQuality() {
    assertThat(ConfigController.acceptsGzip("gzip")).isTrue();
    assertThat(ConfigController.acceptsGzip("br, GZIP;q=0.5")).isTrue();
    assertThat(ConfigController.acceptsGzip("*")).isTrue();
    assertThat(ConfigController.acceptsGzip(null)).isFalse();
    assertThat(ConfigController.acceptsGzip("identity")).isFalse();
    assertThat(ConfigController.acceptsGzip("gzip;q=0")).isFalse();
    assertThat(ConfigController.acceptsGzip("gzip; q=0.000")).isFalse();
  }
}
