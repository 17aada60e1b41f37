package dev.switchboard.edge.web;

import dev.switchboard.edge.EdgeProperties;
import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpHeaderNames;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.reactor.netty.NettyRouteProvider;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerRoutes;

/**
 * Serves the {@link DirectRoute}s with Reactor Netty, ahead of the WebFlux handler (which Spring
 * Boot adds as the last route): the config download and the bucketing API skip the dispatcher, the
 * filters and the per-request observation. What they keep is documented in decision 0009: the same
 * answers, problem documents and {@code http.server.requests} timers.
 */
@Component
public final class DirectRoutes implements NettyRouteProvider {
  private final List<DirectRoute> routes;
  private final ProblemDocuments problems;
  private final RequestTimers timers;
  private final int maxBytes;

  DirectRoutes(
      List<DirectRoute> routes,
      ProblemDocuments problems,
      RequestTimers timers,
      EdgeProperties properties) {
    this.routes = routes;
    this.problems = problems;
    this.timers = timers;
    this.maxBytes = properties.maxRequestBytes();
  }

  @Override
  public HttpServerRoutes apply(HttpServerRoutes netty) {
    HttpServerRoutes result = netty;
    for (DirectRoute route : routes) {
      RequestTimers.Endpoint timer = timers.endpoint(route.method(), route.uri());
      result =
          result.route(
              request -> {
                String path = plainPath(request.uri());
                return path != null && route.serves(request, path);
              },
              (request, response) -> {
                DirectExchange exchange =
                    new DirectExchange(this, request, response, timer, plainPath(request.uri()));
                Mono<Void> answer;
                try {
                  answer = route.handle(exchange);
                } catch (RuntimeException e) {
                  answer = Mono.error(e);
                }
                return exchange.complete(answer);
              });
    }
    return result;
  }

  ProblemDocuments problems() {
    return problems;
  }

  /**
   * The path of a request target without its query, or {@code null} when it is not a plain
   * origin-form path: one holding a percent-encoding, a matrix parameter ({@code ;}) or a character
   * a URI may not hold. Those go on to WebFlux, which decodes them as it always did.
   */
  static @Nullable String plainPath(String uri) {
    int end = uri.length();
    if (end == 0 || uri.charAt(0) != '/') {
      return null;
    }
    for (int i = 1; i < end; i++) {
      char c = uri.charAt(i);
      if (c == '?') {
        return uri.substring(0, i);
      }
      if (!plain(c)) {
        return null;
      }
    }
    return uri;
  }

  /** RFC 3986 {@code pchar} and {@code /}, without {@code %} and {@code ;}. */
  private static boolean plain(char c) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
      return true;
    }
    return switch (c) {
      case '-', '.', '_', '~', '!', '$', '&', '\'', '(', ')', '*', '+', ',', '=', ':', '@', '/' ->
          true;
      default -> false;
    };
  }

  /**
   * The body, read with the limit: a declared {@code Content-Length} over it is refused before
   * reading, a chunked body as soon as it passes it (413 either way), as {@link RequestBodies}
   * does.
   */
  Mono<byte[]> body(HttpServerRequest request) {
    String declared = request.requestHeaders().get(HttpHeaderNames.CONTENT_LENGTH);
    if (declared != null && declaredLength(declared) > maxBytes) {
      return Mono.error(EdgeException.tooLarge(maxBytes));
    }
    return request
        .receive()
        .collect(() -> new BodyBytes(maxBytes), BodyBytes::append)
        .map(BodyBytes::bytes);
  }

  private static long declaredLength(String header) {
    try {
      return Long.parseLong(header.trim());
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** The bytes of a body, collected up to the limit. */
  private static final class BodyBytes {
    private static final byte[] EMPTY = new byte[0];

    private final int maxBytes;
    private byte[] bytes = EMPTY;
    private int length;

    BodyBytes(int maxBytes) {
      this.maxBytes = maxBytes;
    }

    void append(ByteBuf chunk) {
      int readable = chunk.readableBytes();
      if (readable > maxBytes - length) {
        throw EdgeException.tooLarge(maxBytes);
      }
      if (length + readable > bytes.length) {
        bytes = Arrays.copyOf(bytes, Math.max(length + readable, Math.min(maxBytes, length * 2)));
      }
      chunk.readBytes(bytes, length, readable);
      length += readable;
    }

    byte[] bytes() {
      return length == bytes.length ? bytes : Arrays.copyOf(bytes, length);
    }
  }
}
