package dev.switchboard.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.testsupport.EmbeddedInfrastructure.Server;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

@EmbeddedInfrastructure(Server.REDIS)
class RedisIT {

  @Test
  void aValueSetCanBeReadBack() throws IOException {
    try (RespConnection redis = new RespConnection(Redis.host(), Redis.port())) {
      assertThat(redis.command("SET", "flag:new-checkout", "on")).isEqualTo("+OK");
      assertThat(redis.command("GET", "flag:new-checkout")).isEqualTo("$2");
      assertThat(redis.readLine()).isEqualTo("on");
    }
  }

  /** Just enough of RESP2 for the test: commands as arrays of bulk strings, replies as lines. */
  private static final class RespConnection implements AutoCloseable {
    private final Socket socket;
    private final OutputStream out;
    private final BufferedReader in;

    RespConnection(String host, int port) throws IOException {
      socket = new Socket(host, port);
      socket.setSoTimeout(5_000);
      out = socket.getOutputStream();
      in =
          new BufferedReader(
              new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
    }

    String command(String... parts) throws IOException {
      StringBuilder request = new StringBuilder().append('*').append(parts.length).append("\r\n");
      for (String part : parts) {
        byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
        request.append('$').append(bytes.length).append("\r\n").append(part).append("\r\n");
      }
      out.write(request.toString().getBytes(StandardCharsets.UTF_8));
      out.flush();
      return readLine();
    }

    String readLine() throws IOException {
      return in.readLine();
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }
}
