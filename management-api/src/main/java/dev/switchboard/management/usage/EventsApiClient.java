package dev.switchboard.management.usage;

import dev.switchboard.management.ManagementProperties;
import dev.switchboard.management.web.ApiException;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.client.HttpStatusCodeException;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;
import org.springframework.web.util.UriBuilder;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * events-api's internal report endpoints, called with the service token. One HTTP client for the
 * application (connection reuse), bounded connect and read times: a slow or absent events-api gives
 * the caller a 503 within {@code switchboard.management.events-api-timeout}, never a hang.
 */
@Component
class EventsApiClient {
  private static final Logger log = LoggerFactory.getLogger(EventsApiClient.class);

  // events-api may add fields to its answers; this client reads what it knows
  private static final JsonMapper READER =
      JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

  private final RestClient rest;

  EventsApiClient(ManagementProperties properties) {
    Duration timeout = properties.eventsApiTimeout();
    HttpClient http =
        HttpClient.newBuilder()
            .connectTimeout(
                timeout.compareTo(Duration.ofSeconds(2)) < 0 ? timeout : Duration.ofSeconds(2))
            .version(HttpClient.Version.HTTP_1_1)
            .build();
    JdkClientHttpRequestFactory requests = new JdkClientHttpRequestFactory(http);
    requests.setReadTimeout(timeout);
    this.rest =
        RestClient.builder()
            .baseUrl(properties.eventsApiUrl())
            .requestFactory(requests)
            .defaultHeader(HttpHeaders.AUTHORIZATION, "Bearer " + properties.serviceToken())
            .build();
  }

  /**
   * One evaluation count of a report: per variable, variation ({@code null}: the default) and
   * reason.
   */
  record Count(String variable, @Nullable String variation, String reason, long count) {}

  record Bucket(Instant start, List<Count> counts) {}

  record Usage(
      Instant from, Instant to, String interval, List<Count> totals, List<Bucket> buckets) {}

  record FeatureVariables(String key, Instant createdAt, List<String> variables) {}

  record StaleRequest(List<UUID> environments, int days, List<FeatureVariables> features) {}

  record StaleFeature(
      String feature,
      String reason,
      @Nullable LocalDate lastEvaluatedDay,
      long evaluations,
      @Nullable String variation) {}

  record Stale(Instant since, List<StaleFeature> features) {}

  Usage usage(
      List<UUID> environments, List<String> variables, Instant from, Instant to, String interval) {
    return call(
        () ->
            rest.get()
                .uri(
                    (UriBuilder uri) ->
                        uri.path("/internal/v1/usage")
                            .queryParam("environment", environments.toArray())
                            .queryParam("variable", variables.toArray())
                            .queryParam("from", from)
                            .queryParam("to", to)
                            .queryParam("interval", interval)
                            .build())
                .accept(MediaType.APPLICATION_JSON)
                .retrieve()
                .body(String.class),
        Usage.class);
  }

  Stale stale(StaleRequest request) {
    return call(
        () ->
            rest.post()
                .uri("/internal/v1/stale-features")
                .contentType(MediaType.APPLICATION_JSON)
                .accept(MediaType.APPLICATION_JSON)
                .body(READER.writeValueAsString(request))
                .retrieve()
                .body(String.class),
        Stale.class);
  }

  private interface Call {
    @Nullable String body();
  }

  private static <T> T call(Call call, Class<T> type) {
    String body;
    try {
      body = call.body();
    } catch (HttpStatusCodeException e) {
      if (e.getStatusCode().is4xxClientError() && e.getStatusCode().value() != 401) {
        // our parameters were checked here first; events-api's own check names the problem
        throw new ApiException(
            HttpStatus.UNPROCESSABLE_ENTITY, "invalid", detail(e.getResponseBodyAsString()));
      }
      log.warn("events-api answered {} to a report request", e.getStatusCode().value());
      throw unavailable("events-api answered " + e.getStatusCode().value());
    } catch (ResourceAccessException e) {
      log.warn("events-api is unreachable: {}", e.getMessage());
      throw unavailable("events-api is unreachable");
    } catch (RestClientException e) {
      log.warn("events-api report request failed: {}", e.getMessage());
      throw unavailable("events-api failed to answer");
    }
    if (body == null) {
      throw unavailable("events-api answered without a body");
    }
    try {
      return READER.readValue(body, type);
    } catch (JacksonException e) {
      log.warn("events-api answered a report that cannot be read: {}", e.getOriginalMessage());
      throw unavailable("events-api answered a report that cannot be read");
    }
  }

  private static String detail(String problem) {
    try {
      JsonNode node = READER.readTree(problem);
      String detail = node.path("detail").asString("");
      return detail.isEmpty() ? "the report parameters are not valid" : detail;
    } catch (JacksonException e) {
      return "the report parameters are not valid";
    }
  }

  static EventsApiUnavailable unavailable(String detail) {
    return new EventsApiUnavailable(detail + "; usage reports are unavailable, retry later");
  }

  /** events-api cannot answer now: 503 with Retry-After. */
  static final class EventsApiUnavailable extends RuntimeException {
    private static final long serialVersionUID = 1L;

    EventsApiUnavailable(String detail) {
      super(detail);
    }
  }
}
