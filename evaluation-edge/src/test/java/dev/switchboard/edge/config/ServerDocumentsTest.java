package dev.switchboard.edge.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ServerDocumentsTest {

  @Test
  void ifNoneMatchComparesEntityTagsWeaklyAndAcceptsLists() {
    assertThat(ServerDocuments.matches("\"abc\"", "abc")).isTrue();
    assertThat(ServerDocuments.matches("W/\"abc\"", "abc")).isTrue();
    assertThat(ServerDocuments.matches("\"x\", \"abc\"", "abc")).isTrue();
    assertThat(ServerDocuments.matches("*", "abc")).isTrue();
    assertThat(ServerDocuments.matches("abc", "abc")).as("unquoted").isFalse();
    assertThat(ServerDocuments.matches("\"abcd\"", "abc")).isFalse();
    assertThat(ServerDocuments.matches("\"ab\"", "abc")).isFalse();
  }

  @Test
  void gzipIsSentOnlyWhenAcceptedWithANonZeroQuality() {
    assertThat(ServerDocuments.acceptsGzip("gzip")).isTrue();
    assertThat(ServerDocuments.acceptsGzip("br, GZIP;q=0.5")).isTrue();
    assertThat(ServerDocuments.acceptsGzip("*")).isTrue();
    assertThat(ServerDocuments.acceptsGzip(null)).isFalse();
    assertThat(ServerDocuments.acceptsGzip("identity")).isFalse();
    assertThat(ServerDocuments.acceptsGzip("gzip;q=0")).isFalse();
    assertThat(ServerDocuments.acceptsGzip("gzip; q=0.000")).isFalse();
  }
}
