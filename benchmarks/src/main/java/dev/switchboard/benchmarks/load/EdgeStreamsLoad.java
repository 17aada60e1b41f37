package dev.switchboard.benchmarks.load;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpVersion;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Load driver for the edge's SSE streams: opens N concurrent streams (default 10,000) with a
 * two-thread Netty client (no thread per connection), measures the edge's heap and RSS per
 * connection, then publishes one new version and measures, per stream, the time from the
 * announcement being sent to Kafka until the {@code config-updated} event arrives.
 *
 * <p>Usage: {@code EdgeStreamsLoad [connections] [edge-heap]}, defaults {@code 10000 512m}.
 */
public final class EdgeStreamsLoad {
  private EdgeStreamsLoad() {}

  public static void main(String[] args) {
    DriverExit.after(
        () -> {
          drive(
              args.length > 0 ? Integer.parseInt(args[0]) : 10_000,
              args.length > 1 ? args[1] : "512m");
          return true;
        });
  }

  private static void drive(int connections, String heap) throws Exception {
    try (EdgeUnderLoad edge = new EdgeUnderLoad(heap)) {
      edge.publish(1);
      edge.awaitVersion(1);
      long heapBefore = edge.heapAfterGc();
      long rssBefore = edge.rss();

      AtomicLongArray arrivals = new AtomicLongArray(connections);
      AtomicInteger connected = new AtomicInteger();
      AtomicInteger sawFirst = new AtomicInteger();
      AtomicInteger failures = new AtomicInteger();
      EventLoopGroup group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
      List<Channel> channels = new ArrayList<>();
      Semaphore connecting = new Semaphore(200);
      long openStart = System.nanoTime();
      for (int i = 0; i < connections; i++) {
        int index = i;
        connecting.acquire();
        Bootstrap bootstrap =
            new Bootstrap()
                .group(group)
                .channel(NioSocketChannel.class)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 30_000)
                .handler(
                    new ChannelInitializer<SocketChannel>() {
                      @Override
                      protected void initChannel(SocketChannel channel) {
                        channel
                            .pipeline()
                            .addLast(new HttpClientCodec())
                            .addLast(
                                new StreamReader(
                                    edge,
                                    index,
                                    arrivals,
                                    connected,
                                    sawFirst,
                                    failures,
                                    connecting));
                      }
                    });
        ChannelFuture future = bootstrap.connect("127.0.0.1", edge.port);
        future.addListener(
            done -> {
              if (!done.isSuccess()) {
                failures.incrementAndGet();
                connecting.release();
              }
            });
        channels.add(future.channel());
      }
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
      while (sawFirst.get() + failures.get() < connections && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
      double openSeconds = (System.nanoTime() - openStart) / 1e9;
      System.out.printf(
          Locale.ROOT,
          "opened %d of %d streams in %.1f s (%d failed); each got the current version%n",
          sawFirst.get(),
          connections,
          openSeconds,
          failures.get());
      System.out.printf(
          Locale.ROOT,
          "edge gauge switchboard.edge.streams.open = %.0f%n",
          edge.metric("switchboard.edge.streams.open"));

      long heapAfter = edge.heapAfterGc();
      long rssAfter = edge.rss();
      System.out.printf(
          Locale.ROOT,
          "edge heap after GC: %.1f MB idle -> %.1f MB with %d streams (%.1f KB per stream); RSS %.1f MB -> %.1f MB (%.1f KB per stream)%n",
          heapBefore / 1e6,
          heapAfter / 1e6,
          sawFirst.get(),
          (heapAfter - heapBefore) / 1024.0 / Math.max(1, sawFirst.get()),
          rssBefore / 1e6,
          rssAfter / 1e6,
          (rssAfter - rssBefore) / 1024.0 / Math.max(1, sawFirst.get()));

      for (int round = 2; round <= 4; round++) {
        for (int i = 0; i < connections; i++) {
          arrivals.set(i, 0);
        }
        double loadedBefore = edge.metric("switchboard.edge.config.propagation", "TOTAL_TIME");
        double queuedBefore = edge.metric("switchboard.edge.stream.delivery", "TOTAL_TIME");
        long announced = edge.publish(round);
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < until && count(arrivals) < sawFirst.get()) {
          Thread.sleep(20);
        }
        long[] latencies = new long[connections];
        int n = 0;
        for (int i = 0; i < connections; i++) {
          long at = arrivals.get(i);
          if (at != 0) {
            latencies[n++] = at - announced;
          }
        }
        Arrays.sort(latencies, 0, n);
        System.out.printf(
            Locale.ROOT,
            "version %d: delivered to %d of %d streams; from announcement: p50 %.0f ms, p99 %.0f ms, max %.0f ms; edge side: announcement to loaded %.0f ms, to queued to every stream %.0f ms%n",
            round,
            n,
            sawFirst.get(),
            pct(latencies, n, 0.50),
            pct(latencies, n, 0.99),
            n == 0 ? -1 : latencies[n - 1] / 1e6,
            (edge.metric("switchboard.edge.config.propagation", "TOTAL_TIME") - loadedBefore)
                * 1000,
            (edge.metric("switchboard.edge.stream.delivery", "TOTAL_TIME") - queuedBefore) * 1000);
      }
      for (Channel channel : channels) {
        channel.close();
      }
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
    }
  }

  private static int count(AtomicLongArray arrivals) {
    int count = 0;
    for (int i = 0; i < arrivals.length(); i++) {
      if (arrivals.get(i) != 0) {
        count++;
      }
    }
    return count;
  }

  private static double pct(long[] sorted, int n, double quantile) {
    if (n == 0) {
      return -1;
    }
    return sorted[Math.min(n - 1, (int) Math.ceil(quantile * n) - 1)] / 1e6;
  }

  /** Sends the stream request, then records when a {@code config-updated} id arrives. */
  private static final class StreamReader extends SimpleChannelInboundHandler<HttpObject> {
    private final EdgeUnderLoad edge;
    private final int index;
    private final AtomicLongArray arrivals;
    private final AtomicInteger connected;
    private final AtomicInteger sawFirst;
    private final AtomicInteger failures;
    private final Semaphore connecting;
    private boolean first = true;

    StreamReader(
        EdgeUnderLoad edge,
        int index,
        AtomicLongArray arrivals,
        AtomicInteger connected,
        AtomicInteger sawFirst,
        AtomicInteger failures,
        Semaphore connecting) {
      this.edge = edge;
      this.index = index;
      this.arrivals = arrivals;
      this.connected = connected;
      this.sawFirst = sawFirst;
      this.failures = failures;
      this.connecting = connecting;
    }

    @Override
    public void channelActive(ChannelHandlerContext context) {
      DefaultFullHttpRequest request =
          new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/sdk/v1/stream");
      request.headers().set(HttpHeaderNames.HOST, "127.0.0.1:" + edge.port);
      request.headers().set(HttpHeaderNames.AUTHORIZATION, edge.serverKey);
      request.headers().set(HttpHeaderNames.ACCEPT, "text/event-stream");
      context.writeAndFlush(request);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext context, HttpObject message) {
      if (message instanceof HttpResponse response) {
        if (response.status().code() != 200) {
          failures.incrementAndGet();
          connecting.release();
          context.close();
          return;
        }
        connected.incrementAndGet();
      }
      if (message instanceof HttpContent content && containsId(content.content())) {
        if (first) {
          first = false;
          sawFirst.incrementAndGet();
          connecting.release();
        } else {
          arrivals.compareAndSet(index, 0, System.nanoTime());
        }
      }
    }

    private static boolean containsId(ByteBuf buffer) {
      // "\nid: " marks a config-updated event (heartbeats and retry frames have none)
      int end = buffer.writerIndex() - 4;
      for (int i = buffer.readerIndex(); i < end; i++) {
        if (buffer.getByte(i) == '\n'
            && buffer.getByte(i + 1) == 'i'
            && buffer.getByte(i + 2) == 'd'
            && buffer.getByte(i + 3) == ':') {
          return true;
        }
      }
      return false;
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
      failures.incrementAndGet();
      context.close();
    }
  }
}
