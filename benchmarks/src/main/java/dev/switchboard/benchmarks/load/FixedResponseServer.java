package dev.switchboard.benchmarks.load;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import java.nio.charset.StandardCharsets;

/**
 * The baseline: a minimal Netty HTTP/1.1 server (two event-loop threads, like the edge on this
 * machine) that answers every request with the same fixed JSON body, keep-alive.
 */
final class FixedResponseServer implements AutoCloseable {
  private final EventLoopGroup boss = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
  private final EventLoopGroup workers =
      new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
  private final Channel channel;

  FixedResponseServer(int port, String body) throws InterruptedException {
    ByteBuf content =
        Unpooled.unreleasableBuffer(
            Unpooled.directBuffer().writeBytes(body.getBytes(StandardCharsets.UTF_8)));
    channel =
        new ServerBootstrap()
            .group(boss, workers)
            .channel(NioServerSocketChannel.class)
            .childHandler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel channel) {
                    channel
                        .pipeline()
                        .addLast(new HttpServerCodec())
                        .addLast(
                            new SimpleChannelInboundHandler<HttpObject>() {
                              private boolean keepAlive;

                              @Override
                              public void exceptionCaught(
                                  ChannelHandlerContext context, Throwable cause) {
                                // wrk resets its connections when it stops
                                context.close();
                              }

                              @Override
                              protected void channelRead0(
                                  ChannelHandlerContext context, HttpObject message) {
                                if (message instanceof HttpRequest request) {
                                  keepAlive = HttpUtil.isKeepAlive(request);
                                }
                                if (message instanceof LastHttpContent) {
                                  FullHttpResponse response =
                                      new DefaultFullHttpResponse(
                                          HttpVersion.HTTP_1_1,
                                          HttpResponseStatus.OK,
                                          content.duplicate());
                                  response
                                      .headers()
                                      .set(HttpHeaderNames.CONTENT_TYPE, "application/json")
                                      .setInt(
                                          HttpHeaderNames.CONTENT_LENGTH, content.readableBytes());
                                  HttpUtil.setKeepAlive(response, keepAlive);
                                  context.writeAndFlush(response);
                                }
                              }
                            });
                  }
                })
            .bind("127.0.0.1", port)
            .sync()
            .channel();
  }

  @Override
  public void close() throws InterruptedException {
    channel.close().sync();
    boss.shutdownGracefully().sync();
    workers.shutdownGracefully().sync();
  }
}
