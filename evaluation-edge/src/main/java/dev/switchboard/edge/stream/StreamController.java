package dev.switchboard.edge.stream;

import dev.switchboard.contracts.SdkType;
import dev.switchboard.edge.catalogue.Catalogue;
import dev.switchboard.edge.catalogue.KeyGrant;
import dev.switchboard.edge.web.ClientCorsFilter;
import dev.switchboard.edge.web.EdgeException;
import dev.switchboard.edge.web.SdkKeys;
import org.jspecify.annotations.Nullable;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.AbstractServerHttpResponse;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.SignalType;
import reactor.netty.http.server.HttpServerResponse;

/** The SSE change streams of docs/sse.md. */
@RestController
class StreamController {
  private final Catalogue catalogue;
  private final StreamHub hub;
  private final ClientCorsFilter cors;

  StreamController(Catalogue catalogue, StreamHub hub, ClientCorsFilter cors) {
    this.catalogue = catalogue;
    this.hub = hub;
    this.cors = cors;
  }

  @GetMapping("/sdk/v1/stream")
  Mono<Void> serverStream(ServerWebExchange exchange) {
    return stream(exchange, SdkType.SERVER, SdkKeys.fromAuthorization(exchange.getRequest()));
  }

  /**
   * Browsers' {@code EventSource} cannot set headers, so client apps may pass their (public) client
   * key as {@code ?key=} instead.
   */
  @GetMapping("/client/v1/stream")
  Mono<Void> clientStream(
      ServerWebExchange exchange,
      @RequestParam(name = "key", required = false) @Nullable String key) {
    String headerKey = SdkKeys.fromAuthorization(exchange.getRequest());
    return stream(exchange, SdkType.CLIENT, headerKey != null ? headerKey : key);
  }

  private Mono<Void> stream(ServerWebExchange exchange, SdkType type, @Nullable String key) {
    KeyGrant grant = catalogue.authorize(key, type);
    if (grant == null) {
      throw EdgeException.unauthorized();
    }
    if (type == SdkType.CLIENT) {
      cors.requireOrigin(exchange, grant.projectKey(), grant.environmentKey());
    }
    if (hub.shuttingDown()) {
      EdgeException e =
          new EdgeException(
              HttpStatus.SERVICE_UNAVAILABLE, "shutting-down", "this edge is shutting down");
      e.headers().set(HttpHeaders.RETRY_AFTER, "1");
      throw e;
    }
    StreamConnection connection = hub.open(grant, lastEventId(exchange));
    ServerHttpResponse response = exchange.getResponse();
    HttpHeaders headers = response.getHeaders();
    headers.setContentType(MediaType.TEXT_EVENT_STREAM);
    headers.setCacheControl("no-cache, no-store");
    // nginx and similar proxies must pass events through at once
    headers.set("X-Accel-Buffering", "no");
    if (response instanceof AbstractServerHttpResponse abstractResponse
        && abstractResponse.getNativeResponse() instanceof HttpServerResponse netty) {
      connection.onAbort(() -> netty.withConnection(reactor.netty.Connection::dispose));
      netty.withConnection(
          channelConnection -> connection.runOn(channelConnection.channel().eventLoop()));
    }
    DataBufferFactory buffers = response.bufferFactory();
    Flux<Mono<DataBuffer>> frames =
        connection
            .frames()
            .map(frame -> Mono.just(buffers.wrap(frame)))
            .doFinally(
                signal -> {
                  connection.markClosed();
                  hub.closed(
                      connection,
                      type,
                      signal == SignalType.ON_COMPLETE
                          ? StreamConnection.CloseReason.SHUTDOWN
                          : StreamConnection.CloseReason.CLIENT);
                });
    return response.writeAndFlushWith(frames);
  }

  /** The version the client last saw, or 0 when it sent none (or something unreadable). */
  private static long lastEventId(ServerWebExchange exchange) {
    String header = exchange.getRequest().getHeaders().getFirst("Last-Event-ID");
    if (header == null) {
      return 0;
    }
    try {
      return Long.parseLong(header.trim());
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
