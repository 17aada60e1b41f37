package dev.switchboard.edge.web;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.util.AsciiString;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import reactor.core.publisher.Mono;
import reactor.core.publisher.SignalType;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * One request on a direct route (served by Reactor Netty ahead of WebFlux, see {@link
 * DirectRoutes}): answers it, refuses it with the same problem document {@link ProblemHandler}
 * writes, and records its latency when it is done.
 */
public final class DirectExchange {
  private static final Logger log = LoggerFactory.getLogger(DirectExchange.class);

  /**
   * {@code Content-Length}, spelled as WebFlux spells it: header names keep WebFlux's spelling, so
   * that the two paths answer the same bytes.
   */
  public static final AsciiString CONTENT_LENGTH = AsciiString.cached(HttpHeaders.CONTENT_LENGTH);

  private static final AsciiString CONTENT_TYPE = AsciiString.cached(HttpHeaders.CONTENT_TYPE);
  private static final AsciiString CACHE_CONTROL = AsciiString.cached(HttpHeaders.CACHE_CONTROL);
  private static final AsciiString APPLICATION_JSON = AsciiString.cached("application/json");
  private static final AsciiString PROBLEM_JSON = AsciiString.cached("application/problem+json");
  private static final AsciiString NO_STORE = AsciiString.cached("no-store");

  private final DirectRoutes routes;
  private final HttpServerRequest request;
  private final HttpServerResponse response;
  private final RequestTimers.Endpoint timer;
  private final String path;
  private final long start = System.nanoTime();

  DirectExchange(
      DirectRoutes routes,
      HttpServerRequest request,
      HttpServerResponse response,
      RequestTimers.Endpoint timer,
      String path) {
    this.routes = routes;
    this.request = request;
    this.response = response;
    this.timer = timer;
    this.path = path;
  }

  public HttpServerRequest request() {
    return request;
  }

  public HttpServerResponse response() {
    return response;
  }

  /** The request's path, without its query. */
  public String path() {
    return path;
  }

  /** A request header, or {@code null}. */
  public @Nullable String header(CharSequence name) {
    return request.requestHeaders().get(name);
  }

  /** The body, read with the configured limit (413 beyond it, as {@link RequestBodies} does). */
  public Mono<byte[]> body() {
    return routes.body(request);
  }

  /** A {@code 200} with a JSON body; takes ownership of {@code body}. */
  public Mono<Void> json(ByteBuf body) {
    response
        .status(HttpResponseStatus.OK)
        .header(CONTENT_TYPE, APPLICATION_JSON)
        .header(CONTENT_LENGTH, String.valueOf(body.readableBytes()));
    return response.send(Mono.just(body)).then();
  }

  /**
   * Answers {@code failure}: an {@link EdgeException} as its problem document, anything else as a
   * logged 500.
   */
  public Mono<Void> refuse(Throwable failure) {
    if (response.hasSentHeaders()) {
      // too late for an answer: the connection is closed
      log.error("request {} {} failed after its answer began", request.method(), path, failure);
      return Mono.error(failure);
    }
    byte[] document;
    if (failure instanceof EdgeException refusal) {
      response.status(refusal.status().value());
      for (Map.Entry<String, List<String>> header : refusal.headers().headerSet()) {
        for (String value : header.getValue()) {
          response.addHeader(header.getKey(), value);
        }
      }
      document = routes.problems().of(refusal, path);
    } else {
      log.error("request {} {} failed", request.method(), path, failure);
      response.status(HttpResponseStatus.INTERNAL_SERVER_ERROR);
      document = routes.problems().unexpected();
    }
    response
        .header(CACHE_CONTROL, NO_STORE)
        .header(CONTENT_TYPE, PROBLEM_JSON)
        .header(CONTENT_LENGTH, String.valueOf(document.length));
    return response.send(Mono.just(Unpooled.wrappedBuffer(document))).then();
  }

  /** {@code answer}, refused on failure, timed when done: what a route hands to Reactor Netty. */
  public Mono<Void> complete(Mono<Void> answer) {
    return answer.onErrorResume(this::refuse).doFinally(this::record);
  }

  private void record(SignalType signal) {
    timer.record(response.status().code(), signal == SignalType.CANCEL, System.nanoTime() - start);
  }
}
