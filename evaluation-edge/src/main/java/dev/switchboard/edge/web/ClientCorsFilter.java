package dev.switchboard.edge.web;

import dev.switchboard.edge.EdgeProperties;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * CORS for the client API ({@code /client/v1/**}), the only API browsers call. A preflight carries
 * no key, so it is answered for every origin that some environment allows; the real request is then
 * checked against its own environment's origins by the controller ({@link #requireOrigin}). Server
 * endpoints get no CORS headers: server keys do not belong in browsers.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
public final class ClientCorsFilter implements WebFilter {
  private static final String CLIENT_PREFIX = "/client/v1/";

  private final EdgeProperties.Cors cors;

  ClientCorsFilter(EdgeProperties properties) {
    this.cors = properties.cors();
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    ServerHttpRequest request = exchange.getRequest();
    String origin = request.getHeaders().getOrigin();
    if (origin == null || !request.getPath().value().startsWith(CLIENT_PREFIX)) {
      return chain.filter(exchange);
    }
    ServerHttpResponse response = exchange.getResponse();
    HttpHeaders headers = response.getHeaders();
    headers.add(HttpHeaders.VARY, HttpHeaders.ORIGIN);
    boolean allowed = cors.allowsAnywhere(origin);
    boolean preflight =
        request.getMethod() == HttpMethod.OPTIONS
            && request.getHeaders().containsHeader(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD);
    if (preflight) {
      headers.add(HttpHeaders.VARY, HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD);
      headers.add(HttpHeaders.VARY, HttpHeaders.ACCESS_CONTROL_REQUEST_HEADERS);
      if (!allowed) {
        response.setStatusCode(HttpStatus.FORBIDDEN);
        return response.setComplete();
      }
      headers.setAccessControlAllowOrigin(origin);
      headers.set(HttpHeaders.ACCESS_CONTROL_ALLOW_METHODS, "GET, POST, OPTIONS");
      headers.set(
          HttpHeaders.ACCESS_CONTROL_ALLOW_HEADERS, "Authorization, Content-Type, Last-Event-ID");
      headers.setAccessControlMaxAge(cors.maxAge());
      response.setStatusCode(HttpStatus.NO_CONTENT);
      return response.setComplete();
    }
    if (allowed) {
      headers.setAccessControlAllowOrigin(origin);
    }
    return chain.filter(exchange);
  }

  /** Refuses a browser request from an origin the key's environment does not allow (403). */
  public void requireOrigin(ServerWebExchange exchange, String projectKey, String environmentKey) {
    String origin = exchange.getRequest().getHeaders().getOrigin();
    if (origin != null && !cors.allows(projectKey, environmentKey, origin)) {
      exchange.getResponse().getHeaders().remove(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN);
      throw new EdgeException(
          HttpStatus.FORBIDDEN,
          "origin-not-allowed",
          "origin " + origin + " may not call this environment's client API");
    }
  }
}
