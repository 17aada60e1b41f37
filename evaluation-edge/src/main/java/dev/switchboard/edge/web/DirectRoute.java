package dev.switchboard.edge.web;

import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;

/**
 * An endpoint served by Reactor Netty directly, ahead of WebFlux ({@link DirectRoutes}): the hot
 * requests of the edge, for which WebFlux's dispatch, filters and observation cost more than the
 * work itself. A request the route does not claim ({@link #serves}) goes on to WebFlux, whose
 * annotated controller for the same endpoint answers it; both share the endpoint's logic.
 */
public interface DirectRoute {
  /** The request method, as the latency metric tags it. */
  String method();

  /** The endpoint's URI template, as the latency metric tags it. */
  String uri();

  /**
   * Whether this route answers {@code request}, whose path (without the query) is {@code path} and
   * holds only characters that need no decoding.
   */
  boolean serves(HttpServerRequest request, String path);

  /** Answers the request; may throw an {@link EdgeException} to refuse it. */
  Mono<Void> handle(DirectExchange exchange);
}
