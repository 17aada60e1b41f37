package dev.switchboard.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The stack starts, serves, stops without leaving processes, and keeps its data across restarts.
 */
class DevStackIT {
  @TempDir Path data;

  private DevStackOptions options() {
    return DevStackOptions.parse(
        new String[] {
          "--data-dir=" + data,
          "--postgres-port=0",
          "--kafka-port=0",
          "--redis-port=0",
          "--edge-port=0",
          "--management-port=0",
          "--events-port=0",
          "--config-service-port=0"
        },
        Map.of());
  }

  @Test
  void startsWithDemoDataStopsCleanlyAndKeepsFlagsAcrossARestart() throws Exception {
    DemoKeys first;
    long childrenBefore = ProcessHandle.current().descendants().count();
    try (DevStack stack = DevStack.start(options())) {
      assertThat(stack.demoKeys()).isNotNull();
      first = stack.demoKeys();
      assertThat(first.serverKey()).startsWith("server-");
      assertThat(first.clientKey()).startsWith("client-");
      HttpResponse<String> feature =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(
                          URI.create(
                              stack.managementUrl()
                                  + "/api/v1/projects/demo/features/welcome-banner"))
                      .header("Authorization", "Bearer " + stack.adminToken())
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(feature.statusCode()).isEqualTo(200);
      assertThat(ProcessHandle.current().descendants().count()).isGreaterThan(childrenBefore);
    }
    assertThat(ProcessHandle.current().descendants().filter(ProcessHandle::isAlive).count())
        .isEqualTo(childrenBefore);

    try (DevStack again = DevStack.start(options())) {
      assertThat(again.demoKeys().serverKey()).isEqualTo(first.serverKey());
      assertThat(again.demoKeys().clientKey()).isEqualTo(first.clientKey());
    }
  }
}
