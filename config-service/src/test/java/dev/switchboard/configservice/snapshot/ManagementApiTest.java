package dev.switchboard.configservice.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class ManagementApiTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private static final String DOCUMENT =
      "{\"schemaVersion\": 1, \"features\": [{\"key\": \"a\", \"x\": null}],\n \"s\": \"}{\"}";

  @Test
  void theDocumentIsKeptAsTheBytesManagementApiSent() {
    String body =
        "{ \"environmentId\": \"e-1\", \"configVersion\": 42,\n"
            + "  \"keys\": [{\"type\": \"server\", \"key\": \"server-a\", \"expiresAt\": null},\n"
            + "           {\"type\": \"client\", \"key\": \"client-b\","
            + " \"expiresAt\": \"2026-12-01T00:00:00Z\"}],\n"
            + "  \"document\": "
            + DOCUMENT
            + " ,\n  \"later\": {\"ignored\": [1, 2]} }";

    Snapshot snapshot =
        ManagementApi.readSnapshot(JSON, body.getBytes(StandardCharsets.UTF_8), "fallback");

    assertThat(snapshot.environmentId()).isEqualTo("e-1");
    assertThat(snapshot.configVersion()).isEqualTo(42);
    assertThat(snapshot.keys())
        .containsExactly(
            new Snapshot.Key("server", "server-a", null),
            new Snapshot.Key("client", "client-b", Instant.parse("2026-12-01T00:00:00Z")));
    assertThat(StandardCharsets.UTF_8.decode(snapshot.document()).toString()).isEqualTo(DOCUMENT);
  }

  @Test
  void aSnapshotWithoutADocumentObjectIsRefused() {
    byte[] body = "{\"environmentId\": \"e-1\", \"document\": []}".getBytes(StandardCharsets.UTF_8);

    assertThatThrownBy(() -> ManagementApi.readSnapshot(JSON, body, "e-1"))
        .isInstanceOf(ManagementApiException.class)
        .hasMessageContaining("holds no document");
  }
}
