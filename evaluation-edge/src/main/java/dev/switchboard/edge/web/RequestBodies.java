package dev.switchboard.edge.web;

import dev.switchboard.edge.EdgeProperties;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Reads request bodies with the configured limit: a declared {@code Content-Length} over it is
 * refused before reading, a chunked body as soon as it passes it (413 either way).
 */
@Component
public final class RequestBodies {
  private final int maxBytes;

  RequestBodies(EdgeProperties properties) {
    this.maxBytes = properties.maxRequestBytes();
  }

  /** The body's bytes; empty array for no body. */
  public Mono<byte[]> read(ServerWebExchange exchange) {
    long declared = exchange.getRequest().getHeaders().getContentLength();
    if (declared > maxBytes) {
      return Mono.error(EdgeException.tooLarge(maxBytes));
    }
    return DataBufferUtils.join(exchange.getRequest().getBody(), maxBytes)
        .map(
            buffer -> {
              byte[] bytes = new byte[buffer.readableByteCount()];
              buffer.read(bytes);
              DataBufferUtils.release(buffer);
              return bytes;
            })
        .defaultIfEmpty(new byte[0])
        .onErrorMap(DataBufferLimitException.class, e -> EdgeException.tooLarge(maxBytes));
  }
}
