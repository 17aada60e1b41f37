package dev.switchboard.edge.evaluate;

import dev.switchboard.bucketing.User;
import dev.switchboard.bucketing.VariableType;
import dev.switchboard.contracts.SdkType;
import dev.switchboard.edge.catalogue.HeldConfig;
import dev.switchboard.edge.web.DirectExchange;
import dev.switchboard.edge.web.DirectRoute;
import dev.switchboard.edge.web.SdkKeys;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufOutputStream;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import java.io.OutputStream;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.json.JsonMapper;

/**
 * One endpoint of the bucketing API, answered by Reactor Netty directly: the key lookup, the body
 * read into a byte array, the user read with the streaming parser, the evaluation, and the answer
 * written with the streaming generator into a pooled buffer. Requests that negotiate anything but
 * JSON go on to {@link EvaluationController}, which answers them as it always did.
 */
final class ServerEvaluationRoute implements DirectRoute {
  static final String VARIABLE_PREFIX = "/v1/variables/";

  /** The three endpoints of the bucketing API. */
  enum Endpoint {
    VARIABLE("/v1/variables/{key}"),
    VARIABLES("/v1/variables"),
    FEATURES("/v1/features");

    final String uri;

    Endpoint(String uri) {
      this.uri = uri;
    }
  }

  private final Endpoint endpoint;
  private final Evaluations evaluations;
  private final JsonMapper json;

  ServerEvaluationRoute(Endpoint endpoint, Evaluations evaluations, JsonMapper json) {
    this.endpoint = endpoint;
    this.evaluations = evaluations;
    this.json = json;
  }

  @Override
  public String method() {
    return "POST";
  }

  @Override
  public String uri() {
    return endpoint.uri;
  }

  @Override
  public boolean serves(HttpServerRequest request, String path) {
    if (!HttpMethod.POST.equals(request.method())) {
      return false;
    }
    boolean matches =
        switch (endpoint) {
          case VARIABLES -> path.equals(endpoint.uri);
          case FEATURES -> path.equals(endpoint.uri);
          case VARIABLE ->
              path.length() > VARIABLE_PREFIX.length()
                  && path.startsWith(VARIABLE_PREFIX)
                  && path.indexOf('/', VARIABLE_PREFIX.length()) < 0;
        };
    return matches && plainJson(request.requestHeaders().get(HttpHeaderNames.ACCEPT));
  }

  /**
   * Whether WebFlux's content negotiation would answer {@code application/json} without doubt: no
   * {@code Accept}, or only {@code *}{@code /*}, {@code application/*} and {@code application/json}
   * ranges, none with a zero quality.
   */
  static boolean plainJson(@Nullable String accept) {
    if (accept == null) {
      return true;
    }
    for (String range : accept.split(",")) {
      String[] typeAndParameters = range.split(";");
      String type = typeAndParameters[0].trim();
      if (!type.equals("*/*")
          && !type.equalsIgnoreCase("application/*")
          && !type.equalsIgnoreCase("application/json")) {
        return false;
      }
      for (int i = 1; i < typeAndParameters.length; i++) {
        String parameter = typeAndParameters[i].trim();
        if (parameter.regionMatches(true, 0, "q=", 0, 2) && zero(parameter.substring(2))) {
          return false;
        }
      }
    }
    return true;
  }

  private static boolean zero(String quality) {
    try {
      return Double.parseDouble(quality.trim()) == 0;
    } catch (NumberFormatException e) {
      return true; // unreadable: let WebFlux judge it
    }
  }

  @Override
  public Mono<Void> handle(DirectExchange exchange) {
    HeldConfig config =
        evaluations.held(
            evaluations.grant(
                SdkKeys.fromAuthorization(exchange.header(HttpHeaderNames.AUTHORIZATION)),
                SdkType.SERVER));
    String key = null;
    VariableType type = null;
    if (endpoint == Endpoint.VARIABLE) {
      key = exchange.path().substring(VARIABLE_PREFIX.length());
      type = Evaluations.variableType(config, key);
    }
    String variableKey = key;
    VariableType variableType = type;
    return exchange
        .body()
        .flatMap(
            body ->
                exchange.json(
                    answer(exchange, config, variableKey, variableType, evaluations.user(body))));
  }

  private ByteBuf answer(
      DirectExchange exchange,
      HeldConfig config,
      @Nullable String key,
      @Nullable VariableType type,
      User user) {
    ByteBuf buffer = exchange.response().alloc().buffer(512);
    try (JsonGenerator out = json.createGenerator((OutputStream) new ByteBufOutputStream(buffer))) {
      switch (endpoint) {
        case VARIABLE ->
            ResultWriter.variable(
                out, config.config(), key, config.evaluator().variable(user, key, type, null));
        case VARIABLES ->
            ResultWriter.variables(out, config.config(), config.evaluator().allVariables(user));
        case FEATURES -> ResultWriter.features(out, config.evaluator().allFeatures(user));
      }
    } catch (RuntimeException e) {
      buffer.release();
      throw e;
    }
    return buffer;
  }
}
