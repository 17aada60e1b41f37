package dev.switchboard.edge.evaluate;

import dev.switchboard.edge.evaluate.ServerEvaluationRoute.Endpoint;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

/** The bucketing API's direct routes, one per endpoint. */
@Configuration(proxyBeanMethods = false)
class EvaluationRoutes {

  @Bean
  ServerEvaluationRoute variableRoute(Evaluations evaluations, JsonMapper json) {
    return new ServerEvaluationRoute(Endpoint.VARIABLE, evaluations, json);
  }

  @Bean
  ServerEvaluationRoute variablesRoute(Evaluations evaluations, JsonMapper json) {
    return new ServerEvaluationRoute(Endpoint.VARIABLES, evaluations, json);
  }

  @Bean
  ServerEvaluationRoute featuresRoute(Evaluations evaluations, JsonMapper json) {
    return new ServerEvaluationRoute(Endpoint.FEATURES, evaluations, json);
  }
}
