package dev.switchboard.sdk;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.Proxy;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * The SDK's one way to open HTTP connections: proxy, timeouts, custom headers and the SDK's
 * identity on every request, gzip on responses. Built on {@link HttpURLConnection}, which starts no
 * threads of its own (see docs/decisions/0005-sdk-java.md).
 */
final class HttpTransport {
  static final String USER_AGENT = "switchboard-java/" + SdkVersion.VERSION;

  private final Proxy proxy;
  private final int connectTimeoutMillis;
  private final int readTimeoutMillis;
  private final Map<String, String> headers;

  HttpTransport(
      Proxy proxy, Duration connectTimeout, Duration readTimeout, Map<String, String> headers) {
    this.proxy = proxy;
    this.connectTimeoutMillis = millis(connectTimeout);
    this.readTimeoutMillis = millis(readTimeout);
    this.headers = Map.copyOf(headers);
  }

  /** A connection with the default timeouts. */
  HttpURLConnection open(URI uri) throws IOException {
    return open(uri, connectTimeoutMillis, readTimeoutMillis);
  }

  /** A connection with the given timeouts (for the stream and the bounded flush on close). */
  HttpURLConnection open(URI uri, int connectTimeoutMillis, int readTimeoutMillis)
      throws IOException {
    HttpURLConnection connection = (HttpURLConnection) uri.toURL().openConnection(proxy);
    connection.setConnectTimeout(connectTimeoutMillis);
    connection.setReadTimeout(readTimeoutMillis);
    connection.setUseCaches(false);
    connection.setInstanceFollowRedirects(true);
    connection.setRequestProperty("User-Agent", USER_AGENT);
    for (Map.Entry<String, String> header : headers.entrySet()) {
      connection.setRequestProperty(header.getKey(), header.getValue());
    }
    return connection;
  }

  int connectTimeoutMillis() {
    return connectTimeoutMillis;
  }

  int readTimeoutMillis() {
    return readTimeoutMillis;
  }

  /** The response body, un-gzipped when the server compressed it. */
  static InputStream body(HttpURLConnection connection) throws IOException {
    InputStream in = connection.getInputStream();
    return "gzip".equalsIgnoreCase(connection.getContentEncoding()) ? new GZIPInputStream(in) : in;
  }

  /** Reads a body of at most {@code limit} bytes; a longer one is an error, not a truncation. */
  static byte[] readAll(InputStream in, int limit) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream(8192);
    byte[] buffer = new byte[8192];
    int total = 0;
    for (int n; (n = in.read(buffer)) >= 0; ) {
      total += n;
      if (total > limit) {
        throw new IOException("response body larger than " + limit + " bytes");
      }
      out.write(buffer, 0, n);
    }
    return out.toByteArray();
  }

  /** Reads and discards an error body so the connection can be reused, ignoring failures. */
  static void discardErrorBody(HttpURLConnection connection) {
    try (InputStream error = connection.getErrorStream()) {
      if (error != null) {
        error.transferTo(OutputStreamSink.INSTANCE);
      }
    } catch (IOException ignored) {
      // the connection is dropped instead of reused; nothing else depends on it
    }
  }

  private static int millis(Duration duration) {
    return (int) Math.min(Integer.MAX_VALUE, Math.max(1, duration.toMillis()));
  }

  private static final class OutputStreamSink extends java.io.OutputStream {
    static final OutputStreamSink INSTANCE = new OutputStreamSink();

    @Override
    public void write(int b) {}

    @Override
    public void write(byte[] b, int off, int len) {}
  }
}
