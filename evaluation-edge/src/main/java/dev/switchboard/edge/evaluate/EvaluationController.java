package dev.switchboard.edge.evaluate;

import dev.switchboard.bucketing.Config;
import dev.switchboard.bucketing.Evaluation;
import dev.switchboard.bucketing.Evaluator;
import dev.switchboard.bucketing.FeatureEvaluation;
import dev.switchboard.bucketing.User;
import dev.switchboard.bucketing.VariableType;
import dev.switchboard.contracts.SdkType;
import dev.switchboard.edge.catalogue.HeldConfig;
import dev.switchboard.edge.catalogue.KeyGrant;
import dev.switchboard.edge.evaluate.Results.ClientEvaluation;
import dev.switchboard.edge.evaluate.Results.FeatureResult;
import dev.switchboard.edge.evaluate.Results.VariableResult;
import dev.switchboard.edge.web.ClientCorsFilter;
import dev.switchboard.edge.web.RequestBodies;
import dev.switchboard.edge.web.SdkKeys;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Cloud evaluation: the bucketing API (server key) and the client API (client key, CORS). Each
 * request evaluates the held document in memory with bucketing-core; nothing blocks.
 *
 * <p>Plain requests to the bucketing API are answered by {@link ServerEvaluationRoute} before they
 * reach WebFlux, with the same checks ({@link Evaluations}) and the same JSON ({@link
 * ResultWriter}); this controller answers the rest (encoded paths, content negotiation other than
 * JSON) and the client API.
 */
@RestController
class EvaluationController {
  private final Evaluations evaluations;
  private final RequestBodies bodies;
  private final ClientCorsFilter cors;

  EvaluationController(Evaluations evaluations, RequestBodies bodies, ClientCorsFilter cors) {
    this.evaluations = evaluations;
    this.bodies = bodies;
    this.cors = cors;
  }

  @PostMapping("/v1/variables")
  Mono<Map<String, VariableResult>> variables(ServerWebExchange exchange) {
    HeldConfig config = held(exchange, SdkType.SERVER);
    return user(exchange)
        .map(
            user -> {
              Map<String, VariableResult> results = new LinkedHashMap<>();
              for (Map.Entry<String, Evaluation<?>> entry :
                  config.evaluator().allVariables(user).entrySet()) {
                results.put(
                    entry.getKey(),
                    VariableResult.of(config.config(), entry.getKey(), entry.getValue()));
              }
              return results;
            });
  }

  @PostMapping("/v1/variables/{key}")
  Mono<VariableResult> variable(ServerWebExchange exchange, @PathVariable String key) {
    HeldConfig config = held(exchange, SdkType.SERVER);
    VariableType type = Evaluations.variableType(config, key);
    return user(exchange)
        .map(
            user ->
                VariableResult.of(
                    config.config(), key, config.evaluator().variable(user, key, type, null)));
  }

  @PostMapping("/v1/features")
  Mono<Map<String, FeatureResult>> features(ServerWebExchange exchange) {
    HeldConfig config = held(exchange, SdkType.SERVER);
    return user(exchange)
        .map(
            user -> {
              Map<String, FeatureResult> results = new LinkedHashMap<>();
              for (FeatureEvaluation evaluation : config.evaluator().allFeatures(user).values()) {
                results.put(evaluation.featureKey(), FeatureResult.of(evaluation));
              }
              return results;
            });
  }

  /**
   * Client-visible features only (config-service already builds the client document from them; the
   * check here keeps a mistake there from leaking a server-only flag to browsers).
   */
  @PostMapping("/client/v1/evaluate")
  Mono<ClientEvaluation> clientEvaluate(ServerWebExchange exchange) {
    HeldConfig config = held(exchange, SdkType.CLIENT);
    return user(exchange).map(user -> clientEvaluation(config, user));
  }

  private static ClientEvaluation clientEvaluation(HeldConfig held, User user) {
    Config config = held.config();
    Evaluator evaluator = held.evaluator();
    Map<String, FeatureResult> features = new LinkedHashMap<>();
    for (FeatureEvaluation evaluation : evaluator.allFeatures(user).values()) {
      if (config.isClientVisible(evaluation.featureKey())) {
        features.put(evaluation.featureKey(), FeatureResult.of(evaluation));
      }
    }
    Map<String, VariableResult> variables = new LinkedHashMap<>();
    for (Map.Entry<String, Evaluation<?>> entry : evaluator.allVariables(user).entrySet()) {
      String feature = entry.getValue().featureKey();
      if (feature != null && config.isClientVisible(feature)) {
        variables.put(entry.getKey(), VariableResult.of(config, entry.getKey(), entry.getValue()));
      }
    }
    return new ClientEvaluation(held.version(), features, variables);
  }

  private HeldConfig held(ServerWebExchange exchange, SdkType type) {
    KeyGrant grant = evaluations.grant(SdkKeys.fromAuthorization(exchange.getRequest()), type);
    if (type == SdkType.CLIENT) {
      cors.requireOrigin(exchange, grant.projectKey(), grant.environmentKey());
    }
    return evaluations.held(grant);
  }

  private Mono<User> user(ServerWebExchange exchange) {
    return bodies.read(exchange).map(evaluations::user);
  }
}
