package dev.switchboard.edge.config;

import dev.switchboard.edge.catalogue.HeldConfig;
import dev.switchboard.edge.web.DirectExchange;
import dev.switchboard.edge.web.DirectRoute;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.util.AsciiString;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * The config download's plain {@code GET}s, answered by Reactor Netty directly: every SDK polls it,
 * and a 304 needs no more than the key lookup and an ETag comparison. The rules are {@link
 * ServerDocuments}'; the headers are those {@link ConfigController} answers, in the same order.
 */
@Component
final class ConfigRoute implements DirectRoute {
  static final String PREFIX = "/sdk/v1/config/server/";

  // WebFlux's spelling of the names, so both paths send the same bytes
  private static final AsciiString ETAG = AsciiString.cached(HttpHeaders.ETAG);
  private static final AsciiString CACHE_CONTROL = AsciiString.cached(HttpHeaders.CACHE_CONTROL);
  private static final AsciiString VARY = AsciiString.cached(HttpHeaders.VARY);
  private static final AsciiString CONTENT_TYPE = AsciiString.cached(HttpHeaders.CONTENT_TYPE);
  private static final AsciiString CONTENT_ENCODING =
      AsciiString.cached(HttpHeaders.CONTENT_ENCODING);
  private static final AsciiString ACCEPT_ENCODING =
      AsciiString.cached(HttpHeaders.ACCEPT_ENCODING);
  private static final AsciiString APPLICATION_JSON = AsciiString.cached("application/json");
  private static final AsciiString GZIP = AsciiString.cached("gzip");

  private final ServerDocuments documents;
  private final AsciiString cacheControl;

  ConfigRoute(ServerDocuments documents) {
    this.documents = documents;
    this.cacheControl = new AsciiString(documents.cacheControl());
  }

  @Override
  public String method() {
    return "GET";
  }

  @Override
  public String uri() {
    return "/sdk/v1/config/server/{file}";
  }

  @Override
  public boolean serves(HttpServerRequest request, String path) {
    return HttpMethod.GET.equals(request.method())
        && path.length() > PREFIX.length()
        && path.startsWith(PREFIX)
        && path.indexOf('/', PREFIX.length()) < 0;
  }

  @Override
  public Mono<Void> handle(DirectExchange exchange) {
    HeldConfig config = documents.held(exchange.path().substring(PREFIX.length()));
    HttpServerResponse response = exchange.response();
    response
        .header(ETAG, config.quotedEtag())
        .header(CACHE_CONTROL, cacheControl)
        .header(VARY, ACCEPT_ENCODING);
    String ifNoneMatch = exchange.header(HttpHeaderNames.IF_NONE_MATCH);
    if (ifNoneMatch != null && ServerDocuments.matches(ifNoneMatch, config.etag())) {
      return response.status(HttpResponseStatus.NOT_MODIFIED).send().then();
    }
    response.status(HttpResponseStatus.OK).header(CONTENT_TYPE, APPLICATION_JSON);
    byte[] body;
    if (ServerDocuments.acceptsGzip(exchange.header(HttpHeaderNames.ACCEPT_ENCODING))) {
      response.header(CONTENT_ENCODING, GZIP);
      body = config.gzip();
    } else {
      body = config.identity();
    }
    response.header(DirectExchange.CONTENT_LENGTH, String.valueOf(body.length));
    return response.send(Mono.just(Unpooled.wrappedBuffer(body))).then();
  }
}
