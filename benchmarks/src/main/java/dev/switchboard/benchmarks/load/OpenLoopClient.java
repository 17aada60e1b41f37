package dev.switchboard.benchmarks.load;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * An open-loop HTTP/1.1 load generator: requests are due on a fixed schedule ({@code rate} per
 * second) whatever the server does, and each one's latency is measured from the time it was due,
 * not from when it could be sent, so a server that falls behind shows its queueing in the figures
 * (no coordinated omission, as wrk2 and Gil Tene's HdrHistogram tools measure).
 *
 * <p>One Netty event-loop thread drives a fixed pool of keep-alive connections, one request in
 * flight on each; a request due while every connection is busy waits in a queue, and that wait is
 * part of its latency. If the pool is too small for the rate the queue shows it ({@code
 * maxQueued}), so the pool can be sized up; the schedule itself never waits.
 */
final class OpenLoopClient {

  /** One run's figures; latencies in microseconds. */
  record Result(
      String name,
      double targetRate,
      double achievedRate,
      long sent,
      long completed,
      long errors,
      int maxQueued,
      long p50,
      long p90,
      long p99,
      long p999,
      long max,
      long sendLagP99) {

    String line() {
      return String.format(
          Locale.ROOT,
          "%s: target %.0f req/s, achieved %.0f req/s, %d completed, %d errors, queue max %d;"
              + " latency p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, p99.9 %.2f ms, max %.2f ms;"
              + " the client's own send lag p99 %.2f ms",
          name,
          targetRate,
          achievedRate,
          completed,
          errors,
          maxQueued,
          p50 / 1000.0,
          p90 / 1000.0,
          p99 / 1000.0,
          p999 / 1000.0,
          max / 1000.0,
          sendLagP99 / 1000.0);
    }
  }

  /** One request of the rotation: its path and body (empty for none). */
  record Request(String path, String body) {}

  /** A request ready to write again and again: headers with its length, body not releasable. */
  private record Prepared(String path, HttpHeaders headers, ByteBuf body) {}

  private final String host;
  private final int port;
  private final HttpMethod method;
  private final List<Prepared> requests;
  private final int expectedStatus;

  /**
   * @param headers request headers besides {@code Host} and {@code Content-Length}
   * @param body the request body, empty for none
   * @param expectedStatus the status every answer must have; others count as errors
   */
  OpenLoopClient(
      String host,
      int port,
      HttpMethod method,
      String path,
      Map<String, String> headers,
      String body,
      int expectedStatus) {
    this(host, port, method, List.of(new Request(path, body)), headers, expectedStatus);
  }

  /**
   * A client whose n-th request is {@code requests.get(n % requests.size())}.
   *
   * @param headers request headers besides {@code Host} and {@code Content-Length}
   * @param expectedStatus the status every answer must have; others count as errors
   */
  OpenLoopClient(
      String host,
      int port,
      HttpMethod method,
      List<Request> requests,
      Map<String, String> headers,
      int expectedStatus) {
    this.host = host;
    this.port = port;
    this.method = method;
    this.requests = new ArrayList<>(requests.size());
    for (Request request : requests) {
      HttpHeaders prepared = new DefaultHttpHeaders();
      prepared.set(HttpHeaderNames.HOST, host + ":" + port);
      headers.forEach(prepared::set);
      ByteBuf body =
          Unpooled.unreleasableBuffer(
              Unpooled.directBuffer().writeBytes(request.body().getBytes(StandardCharsets.UTF_8)));
      if (body.isReadable() || !method.equals(HttpMethod.GET)) {
        prepared.setInt(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes());
      }
      this.requests.add(new Prepared(request.path(), prepared, body));
    }
    this.expectedStatus = expectedStatus;
  }

  /**
   * Sends at {@code rate} requests per second for {@code warmUpSeconds} (not recorded), then for
   * {@code seconds} (recorded), over {@code connections} keep-alive connections.
   */
  Result run(String name, double rate, int connections, int warmUpSeconds, int seconds)
      throws Exception {
    EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    try {
      EventLoop loop = group.next();
      Run run = new Run(loop, rate, warmUpSeconds, seconds);
      Bootstrap bootstrap =
          new Bootstrap()
              .group(loop)
              .channel(NioSocketChannel.class)
              .option(ChannelOption.TCP_NODELAY, true)
              .handler(
                  new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                      channel.pipeline().addLast(new HttpClientCodec()).addLast(run.new Handler());
                    }
                  });
      run.bootstrap = bootstrap;
      for (int i = 0; i < connections; i++) {
        Channel channel = bootstrap.connect(host, port).sync().channel();
        loop.submit(() -> run.idle.push(channel)).sync();
      }
      loop.submit(run::start).sync();
      run.done.get(warmUpSeconds + seconds + 120L, TimeUnit.SECONDS);
      return run.result(name);
    } finally {
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
    }
  }

  /** One run; every field is touched on the event loop only. */
  private final class Run {
    final EventLoop loop;
    final long intervalNanos;
    final long total;
    final long recordFrom;
    final ArrayDeque<Channel> idle = new ArrayDeque<>();
    final ArrayDeque<long[]> queued = new ArrayDeque<>(); // due times waiting for a connection
    final long[] latencies;
    final long[] sendLags; // due → written, of requests sent while a connection was free
    int sendLagCount;
    final CompletableFuture<Void> done = new CompletableFuture<>();
    Bootstrap bootstrap; // opens a replacement for a connection the server closed
    long start;
    long next; // index of the next request due
    long sent; // requests written: picks the next one of the rotation
    long completed;
    long recorded;
    long errors;
    int maxQueued;
    long measureStart;
    long measureEnd;

    Run(EventLoop loop, double rate, int warmUpSeconds, int seconds) {
      this.loop = loop;
      this.intervalNanos = Math.round(1_000_000_000L / rate);
      this.recordFrom = Math.round(rate * warmUpSeconds);
      this.total = recordFrom + Math.round(rate * seconds);
      this.latencies = new long[(int) (total - recordFrom)];
      this.sendLags = new long[latencies.length];
    }

    void start() {
      start = System.nanoTime();
      tick();
    }

    /** Sends everything due by now, then sleeps until the next request is due. */
    void tick() {
      long now = System.nanoTime();
      while (next < total && start + next * intervalNanos <= now) {
        long due = start + next * intervalNanos;
        if (next == recordFrom) {
          measureStart = due;
        }
        next++;
        Channel channel = idle.poll();
        if (channel != null) {
          if (next > recordFrom && sendLagCount < sendLags.length) {
            // how late the schedule itself ran: the generator's share of the latency
            sendLags[sendLagCount++] = (now - due) / 1_000;
          }
          send(channel, due);
        } else {
          queued.add(new long[] {due});
          maxQueued = Math.max(maxQueued, queued.size());
        }
      }
      if (next < total) {
        long wait = start + next * intervalNanos - System.nanoTime();
        loop.schedule(this::tick, Math.max(wait, 0), TimeUnit.NANOSECONDS);
      }
    }

    void send(Channel channel, long due) {
      Handler handler = channel.pipeline().get(Handler.class);
      handler.due = due;
      handler.inFlight = true;
      Prepared request = requests.get((int) (sent++ % requests.size()));
      channel.writeAndFlush(
          new DefaultFullHttpRequest(
              HttpVersion.HTTP_1_1,
              method,
              request.path(),
              request.body().duplicate(),
              request.headers(),
              EmptyHttpHeaders.INSTANCE));
    }

    void answered(Channel channel, long due, boolean ok, boolean reusable) {
      long now = System.nanoTime();
      completed++;
      if (!ok) {
        errors++;
      }
      if (next > recordFrom && due >= measureStart && recorded < latencies.length) {
        latencies[(int) recorded++] = (now - due) / 1_000;
        measureEnd = now;
      }
      if (reusable && channel.isActive()) {
        available(channel);
      }
      if (completed == total) {
        done.complete(null);
      }
    }

    /** A connection ready for a request: the oldest queued one, or the idle pool. */
    void available(Channel channel) {
      long[] waiting = queued.poll();
      if (waiting != null) {
        send(channel, waiting[0]);
      } else {
        idle.push(channel);
      }
    }

    /**
     * Keeps the pool at its size when the server closes a connection (Tomcat does after {@code
     * maxKeepAliveRequests}, 100 by default): a new one takes its place.
     */
    void replace(Channel closed) {
      idle.remove(closed);
      if (completed == total) {
        return;
      }
      bootstrap
          .connect(host, port)
          .addListener(
              connected -> {
                if (connected.isSuccess()) {
                  available(((ChannelFuture) connected).channel());
                } else {
                  loop.schedule(() -> replace(closed), 100, TimeUnit.MILLISECONDS);
                }
              });
    }

    Result result(String name) {
      long[] sorted = Arrays.copyOf(latencies, (int) recorded);
      Arrays.sort(sorted);
      long[] sortedLags = Arrays.copyOf(sendLags, sendLagCount);
      Arrays.sort(sortedLags);
      double seconds = (measureEnd - measureStart) / 1e9;
      return new Result(
          name,
          1e9 / intervalNanos,
          seconds > 0 ? recorded / seconds : 0,
          total,
          completed,
          errors,
          maxQueued,
          percentile(sorted, 0.50),
          percentile(sorted, 0.90),
          percentile(sorted, 0.99),
          percentile(sorted, 0.999),
          sorted.length == 0 ? 0 : sorted[sorted.length - 1],
          percentile(sortedLags, 0.99));
    }

    /** Reads answers; one request is in flight per connection. */
    final class Handler extends SimpleChannelInboundHandler<HttpObject> {
      long due;
      boolean inFlight;
      private boolean ok;
      private boolean keepAlive;

      @Override
      protected void channelRead0(ChannelHandlerContext context, HttpObject message) {
        if (message instanceof HttpResponse response) {
          ok = response.status().code() == expectedStatus;
          keepAlive = HttpUtil.isKeepAlive(response);
        }
        if (message instanceof LastHttpContent && inFlight) {
          inFlight = false;
          answered(context.channel(), due, ok, keepAlive);
        }
      }

      @Override
      public void channelInactive(ChannelHandlerContext context) {
        // a lost connection: its request counts as an error, the others carry the schedule
        if (inFlight) {
          inFlight = false;
          answered(context.channel(), due, false, false);
        }
        replace(context.channel());
      }

      @Override
      public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
        context.close();
      }
    }
  }

  private static long percentile(long[] sorted, double quantile) {
    if (sorted.length == 0) {
      return 0;
    }
    int index = (int) Math.ceil(quantile * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(index, sorted.length - 1))];
  }
}
