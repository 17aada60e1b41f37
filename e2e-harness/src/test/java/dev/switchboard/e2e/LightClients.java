package dev.switchboard.e2e;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.LongConsumer;
import org.awaitility.Awaitility;

/**
 * Many lightweight stand-ins for the SDK, for the propagation benchmark's 1,000-client case (the
 * issue allows them, and the report says so). Each holds its own SSE stream on {@code
 * /sdk/v1/stream} and, on a {@code config-updated} event newer than what it holds, downloads the
 * document with {@code If-None-Match} on a keep-alive connection of its own, exactly as the SDK
 * does (or takes the document from the event when it carries it, as the SDK does), then reports the
 * document's version (one download at a time per client; an event that arrives during a download is
 * fetched after it, as the SDK does).
 *
 * <p>Unlike the SDK they neither ask for gzip nor build an evaluator (they read the document's
 * {@code version}), and they speak HTTP/1.1 themselves over plain non-blocking sockets, all 2,000
 * of them on one selector thread: so that a thousand clients on this two-core machine cost the
 * platform next to them as little as possible, and what is measured is the platform's fan-out, not
 * a heavyweight HTTP client's bookkeeping.
 */
final class LightClients implements AutoCloseable {
  private final Selector selector;
  private final Thread loop;
  private final List<Client> clients = new ArrayList<>();
  private volatile Throwable failure;

  /** Starts {@code count} clients; each reports every new document version to {@code listener}. */
  LightClients(URI edge, String serverKey, int count, LongConsumer listener) {
    InetSocketAddress address = new InetSocketAddress(edge.getHost(), edge.getPort());
    String host = edge.getHost() + ":" + edge.getPort();
    try {
      selector = Selector.open();
      for (int i = 0; i < count; i++) {
        Client client = new Client(address, host, serverKey, listener);
        clients.add(client);
        client.stream.open(
            "GET /sdk/v1/stream HTTP/1.1\r\nHost: "
                + host
                + "\r\nAuthorization: "
                + serverKey
                + "\r\nAccept: text/event-stream\r\n\r\n");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    loop = new Thread(this::run, "light-clients");
    loop.setDaemon(true);
    loop.start();
  }

  /** Waits until every client holds a document; fails at once if one of them failed. */
  void awaitInitialization(Duration timeout) {
    Awaitility.await("every light client holds a document")
        .atMost(timeout)
        .until(
            () -> {
              if (failure != null) {
                throw new IllegalStateException("a light client failed", failure);
              }
              return clients.stream().allMatch(client -> client.version >= 0);
            });
  }

  @Override
  public void close() {
    try {
      selector.close(); // ends the loop
      loop.join(5_000);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    for (Client client : clients) {
      client.stream.close();
      client.download.close();
    }
  }

  private void run() {
    ByteBuffer buffer = ByteBuffer.allocateDirect(64 * 1024);
    try {
      while (selector.isOpen()) {
        selector.select();
        for (SelectionKey key : selector.selectedKeys()) {
          Connection connection = (Connection) key.attachment();
          try {
            if (key.isValid() && key.isConnectable()) {
              connection.finishConnect(key);
            }
            if (key.isValid() && key.isWritable()) {
              connection.flush(key);
            }
            if (key.isValid() && key.isReadable()) {
              connection.read(key, buffer);
            }
          } catch (IOException | RuntimeException e) {
            failure = e;
            connection.close();
          }
        }
        selector.selectedKeys().clear();
      }
    } catch (ClosedSelectorException e) {
      // closed: done
    } catch (IOException e) {
      failure = e;
    }
  }

  private final class Client {
    final Connection stream;
    final Connection download;
    final String request;
    final LongConsumer listener;
    volatile long version = -1;
    String etag;
    long wanted = -1;
    boolean downloading;

    Client(InetSocketAddress address, String host, String serverKey, LongConsumer listener) {
      this.listener = listener;
      this.request =
          "GET /sdk/v1/config/server/"
              + serverKey
              + ".json HTTP/1.1\r\nHost: "
              + host
              + "\r\nAuthorization: "
              + serverKey
              + "\r\nAccept: application/json\r\n";
      this.stream = new Connection(address, this::streamed);
      this.download = new Connection(address, this::downloaded);
    }

    /** A stream event: {@code event:} and {@code data:} lines of one frame. */
    void streamed(Response response) throws IOException {
      if (response.status != 200) {
        throw new IOException("the stream answered " + response.status);
      }
      for (String frame : response.frames()) {
        if (!frame.contains("event: config-updated")) {
          continue;
        }
        long announced = number(frame, "\"version\":");
        int document = frame.indexOf(",\"document\":");
        if (document >= 0) {
          // a small document travels in the event (docs/sse.md): take it, as the SDK does
          long carried = number(frame.substring(document), "\"version\":");
          if (carried > version) {
            etag = "\"" + text(frame, "\"etag\":\"") + "\"";
            version = carried;
            listener.accept(carried);
          }
        } else {
          wanted = Math.max(wanted, announced);
        }
      }
      fetchIfBehind();
    }

    void downloaded(Response response) throws IOException {
      downloading = false;
      if (response.status == 200) {
        long downloaded = number(response.text(), "\"version\":");
        if (downloaded > version) {
          etag = response.header("etag");
          version = downloaded;
          listener.accept(downloaded);
        }
      } else if (response.status != 304) {
        throw new IOException("the download answered " + response.status);
      }
      fetchIfBehind();
    }

    private void fetchIfBehind() throws IOException {
      if (!downloading && wanted > version) {
        downloading = true;
        download.send(request + (etag == null ? "" : "If-None-Match: " + etag + "\r\n") + "\r\n");
      }
    }
  }

  /** The characters after {@code after} up to the next quote. */
  private static String text(String text, String after) throws IOException {
    int at = text.indexOf(after);
    if (at < 0) {
      throw new IOException("no " + after + " in " + text);
    }
    int start = at + after.length();
    return text.substring(start, text.indexOf('"', start));
  }

  private static long number(String text, String after) throws IOException {
    int at = text.indexOf(after);
    if (at < 0) {
      throw new IOException("no " + after + " in " + text);
    }
    int start = at + after.length();
    int end = start;
    while (end < text.length() && Character.isDigit(text.charAt(end))) {
      end++;
    }
    return Long.parseLong(text, start, end, 10);
  }

  /** What a connection hands its client: a whole response, or new stream frames. */
  @FunctionalInterface
  private interface Handler {
    void handle(Response response) throws IOException;
  }

  /**
   * One HTTP/1.1 connection: requests written as they come, the response's head parsed, its body
   * read by {@code Content-Length} or chunked encoding. A streaming response (no length, chunked)
   * hands over every whole SSE frame as it arrives.
   */
  private final class Connection {
    private final InetSocketAddress address;
    private final Handler handler;
    private final ByteArrayOutputStream in = new ByteArrayOutputStream();
    private ByteBuffer out;
    private SocketChannel channel;
    private Response response;

    Connection(InetSocketAddress address, Handler handler) {
      this.address = address;
      this.handler = handler;
    }

    void open(String request) throws IOException {
      channel = SocketChannel.open();
      channel.configureBlocking(false);
      out = ByteBuffer.wrap(request.getBytes(StandardCharsets.US_ASCII));
      boolean connected = channel.connect(address);
      channel.register(
          selector,
          connected ? SelectionKey.OP_WRITE | SelectionKey.OP_READ : SelectionKey.OP_CONNECT,
          this);
    }

    /** Sends a request on the open connection (reopening it if the server closed it). */
    void send(String request) throws IOException {
      if (channel == null || !channel.isOpen()) {
        in.reset();
        response = null;
        open(request);
        return;
      }
      out = ByteBuffer.wrap(request.getBytes(StandardCharsets.US_ASCII));
      SelectionKey key = channel.keyFor(selector);
      flush(key);
    }

    void finishConnect(SelectionKey key) throws IOException {
      channel.finishConnect();
      key.interestOps(SelectionKey.OP_WRITE | SelectionKey.OP_READ);
    }

    void flush(SelectionKey key) throws IOException {
      if (out != null) {
        channel.write(out);
        if (!out.hasRemaining()) {
          out = null;
        }
      }
      key.interestOps(
          out == null ? SelectionKey.OP_READ : SelectionKey.OP_READ | SelectionKey.OP_WRITE);
    }

    void read(SelectionKey key, ByteBuffer buffer) throws IOException {
      buffer.clear();
      int read = channel.read(buffer);
      if (read < 0) {
        close();
        return;
      }
      buffer.flip();
      byte[] bytes = new byte[buffer.remaining()];
      buffer.get(bytes);
      in.write(bytes, 0, bytes.length);
      while (parse()) {
        // one more response (or frames) handed over
      }
    }

    /** Parses what has arrived; true when something was handed over and more may follow. */
    private boolean parse() throws IOException {
      byte[] data = in.toByteArray();
      int used = 0;
      if (response == null) {
        int end = indexOf(data, 0, "\r\n\r\n");
        if (end < 0) {
          return false;
        }
        response = Response.head(new String(data, 0, end, StandardCharsets.ISO_8859_1));
        used = end + 4;
      }
      int consumed = response.body(data, used);
      boolean handedOver = false;
      if (consumed > used || response.complete) {
        used = consumed;
        if (response.complete || response.hasFrames()) {
          Response done = response;
          if (done.complete) {
            response = null;
            if ("close".equalsIgnoreCase(done.header("connection"))) {
              close();
            }
          }
          handler.handle(done);
          handedOver = done.complete;
        }
      }
      in.reset();
      in.write(data, used, data.length - used);
      return handedOver && in.size() > 0;
    }

    void close() {
      if (channel != null) {
        try {
          channel.close();
        } catch (IOException e) {
          failure = e;
        }
      }
    }
  }

  /** A response being read: status, headers, and the body so far (or the stream's frames). */
  private static final class Response {
    final int status;
    final java.util.Map<String, String> headers = new java.util.HashMap<>();
    final boolean chunked;
    final long length;
    final ByteArrayOutputStream body = new ByteArrayOutputStream();
    private final StringBuilder frames = new StringBuilder();
    boolean complete;

    private Response(int status, boolean chunked, long length) {
      this.status = status;
      this.chunked = chunked;
      this.length = length;
    }

    static Response head(String head) throws IOException {
      String[] lines = head.split("\r\n");
      String[] statusLine = lines[0].split(" ", 3);
      if (statusLine.length < 2 || !statusLine[0].startsWith("HTTP/1.")) {
        throw new IOException("not an HTTP/1.1 answer: " + lines[0]);
      }
      java.util.Map<String, String> headers = new java.util.HashMap<>();
      for (int i = 1; i < lines.length; i++) {
        int colon = lines[i].indexOf(':');
        if (colon > 0) {
          headers.put(
              lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
              lines[i].substring(colon + 1).trim());
        }
      }
      boolean chunked =
          headers
              .getOrDefault("transfer-encoding", "")
              .toLowerCase(Locale.ROOT)
              .contains("chunked");
      String contentLength = headers.get("content-length");
      Response response =
          new Response(
              Integer.parseInt(statusLine[1]),
              chunked,
              contentLength == null ? -1 : Long.parseLong(contentLength));
      response.headers.putAll(headers);
      // 304 has no body, with or without a length; an empty body is complete at once
      response.complete = response.status == 304 || (!chunked && response.length == 0);
      return response;
    }

    String header(String name) {
      return headers.get(name);
    }

    /** Reads body bytes from {@code data} at {@code from}; returns where it stopped. */
    int body(byte[] data, int from) throws IOException {
      int at = from;
      if (!chunked) {
        int take =
            length < 0 ? data.length - at : (int) Math.min(data.length - at, length - body.size());
        append(data, at, take);
        at += take;
        complete = length >= 0 && body.size() == length;
        return at;
      }
      while (!complete) {
        int lineEnd = indexOf(data, at, "\r\n");
        if (lineEnd < 0) {
          return at;
        }
        String sizeLine = new String(data, at, lineEnd - at, StandardCharsets.ISO_8859_1);
        int semicolon = sizeLine.indexOf(';');
        int size =
            Integer.parseInt(
                (semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).trim(), 16);
        if (data.length < lineEnd + 2 + size + 2) {
          return at; // the chunk is not all here yet
        }
        if (size == 0) {
          complete = true; // (no trailers are sent)
          return lineEnd + 4;
        }
        append(data, lineEnd + 2, size);
        at = lineEnd + 2 + size + 2;
      }
      return at;
    }

    private void append(byte[] data, int from, int count) {
      if (length < 0 || chunked) {
        frames.append(new String(data, from, count, StandardCharsets.UTF_8));
      }
      body.write(data, from, count);
    }

    /** Whether a whole SSE frame (ending in an empty line) has arrived. */
    boolean hasFrames() {
      return frames.indexOf("\n\n") >= 0;
    }

    /** The whole SSE frames that arrived, taken out of the body. */
    List<String> frames() {
      List<String> whole = new ArrayList<>();
      int end;
      while ((end = frames.indexOf("\n\n")) >= 0) {
        whole.add(frames.substring(0, end));
        frames.delete(0, end + 2);
      }
      body.reset();
      return whole;
    }

    String text() {
      return body.toString(StandardCharsets.UTF_8);
    }
  }

  private static int indexOf(byte[] data, int from, String what) {
    byte[] pattern = what.getBytes(StandardCharsets.US_ASCII);
    outer:
    for (int i = from; i <= data.length - pattern.length; i++) {
      for (int j = 0; j < pattern.length; j++) {
        if (data[i + j] != pattern[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
