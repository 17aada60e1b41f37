package dev.switchboard.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The stack starts, serves, stops without leaving processes, and keeps its data across restarts.
 */
class DevStackIT {
  @TempDir Path data;

  private DevStackOptions options(String... more) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "--data-dir=" + data,
                "--postgres-port=0",
                "--kafka-port=0",
                "--redis-port=0",
                "--edge-port=0",
                "--management-port=0",
                "--events-port=0",
                "--config-service-port=0"));
    args.addAll(List.of(more));
    return DevStackOptions.parse(args.toArray(String[]::new), Map.of());
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
      HttpResponse<String> feature = get(stack, "/api/v1/projects/demo/features/welcome-banner");
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

  /** The bug it prevents: {@code --reset} deleted PostgreSQL's data under the running stack. */
  @Test
  void aSecondStackWithResetOnTheSameDataDirectoryIsRefusedAndTheFirstKeepsRunning()
      throws Exception {
    try (DevStack first = DevStack.start(options())) {
      long childrenBefore = ProcessHandle.current().descendants().count();

      assertThatThrownBy(() -> DevStack.start(options("--reset")))
          .isInstanceOf(DataDirectoryLock.DataDirectoryInUseException.class)
          .hasMessageContaining(
              data.resolve(DataDirectoryLock.FILE_NAME).toAbsolutePath().toString());

      assertThat(ProcessHandle.current().descendants().count()).isEqualTo(childrenBefore);
      assertThat(data.resolve("postgres").resolve("PG_VERSION")).exists();
      assertThat(get(first, "/api/v1/projects/demo/features/welcome-banner").statusCode())
          .isEqualTo(200);
    }
    // Released on close: the next one may start (and reset).
    try (DataDirectoryLock free = DataDirectoryLock.acquire(data)) {
      assertThat(free).isNotNull();
    }
  }

  private static HttpResponse<String> get(DevStack stack, String path) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create(stack.managementUrl() + path))
                .header("Authorization", "Bearer " + stack.adminToken())
                .build(),
            HttpResponse.BodyHandlers.ofString());
  }
}
