package dev.switchboard.events.keys;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import dev.switchboard.contracts.SdkType;
import dev.switchboard.events.EventsProperties;
import dev.switchboard.events.web.EventsProblem;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Authenticates SDK keys through management-api's {@code GET /internal/v1/sdk-keys/{key}}, with a
 * short-lived cache: known keys for {@code key-cache-ttl} (never past a rotated key's expiry),
 * unknown ones for the shorter {@code unknown-key-cache-ttl}. Concurrent look-ups of one key make
 * one call. A key that is not cached while management-api is unreachable cannot be checked: 503.
 */
@Component
public class SdkKeys {
  private static final Logger log = LoggerFactory.getLogger(SdkKeys.class);
  private static final JsonMapper READER =
      JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

  private record Lookup(@Nullable SdkKey key) {}

  private record KeyAnswer(
      UUID environmentId,
      String projectKey,
      String environmentKey,
      String type,
      List<String> variables,
      @Nullable Instant expiresAt) {}

  private final RestClient rest;
  private final Cache<String, Lookup> cache;
  private final Clock clock;

  SdkKeys(EventsProperties properties, Clock clock) {
    this.clock = clock;
    HttpClient http =
        HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(1))
            .version(HttpClient.Version.HTTP_1_1)
            .build();
    JdkClientHttpRequestFactory requests = new JdkClientHttpRequestFactory(http);
    requests.setReadTimeout(Duration.ofSeconds(2));
    this.rest =
        RestClient.builder()
            .baseUrl(properties.managementApiUrl())
            .requestFactory(requests)
            .defaultHeader(HttpHeaders.AUTHORIZATION, "Bearer " + properties.serviceToken())
            .build();
    long knownNanos = properties.keyCacheTtl().toNanos();
    long unknownNanos = properties.unknownKeyCacheTtl().toNanos();
    this.cache =
        Caffeine.newBuilder()
            .maximumSize(100_000)
            .expireAfter(
                new Expiry<String, Lookup>() {
                  @Override
                  public long expireAfterCreate(String key, Lookup lookup, long currentTime) {
                    if (lookup.key() == null) {
                      return unknownNanos;
                    }
                    Instant expiresAt = lookup.key().expiresAt();
                    if (expiresAt == null) {
                      return knownNanos;
                    }
                    long untilExpiry = Duration.between(clock.instant(), expiresAt).toNanos();
                    return Math.max(0, Math.min(knownNanos, untilExpiry));
                  }

                  @Override
                  public long expireAfterUpdate(
                      String key, Lookup lookup, long currentTime, long currentDuration) {
                    return expireAfterCreate(key, lookup, currentTime);
                  }

                  @Override
                  public long expireAfterRead(
                      String key, Lookup lookup, long currentTime, long currentDuration) {
                    return currentDuration;
                  }
                })
            .build();
  }

  /** The key, or empty when management-api does not know it (or it was revoked or expired). */
  public Optional<SdkKey> find(String key) {
    Lookup lookup = cache.get(key, this::load);
    SdkKey found = lookup.key();
    if (found != null && found.expiresAt() != null && !found.expiresAt().isAfter(clock.instant())) {
      return Optional.empty();
    }
    return Optional.ofNullable(found);
  }

  /** Forgets every cached answer (tests, and operators through a restart). */
  public void invalidateAll() {
    cache.invalidateAll();
  }

  private Lookup load(String key) {
    String body;
    try {
      body = rest.get().uri("/internal/v1/sdk-keys/{key}", key).retrieve().body(String.class);
    } catch (HttpClientErrorException.NotFound e) {
      return new Lookup(null);
    } catch (RestClientException e) {
      log.warn("cannot check an SDK key: management-api failed: {}", e.getMessage());
      throw EventsProblem.unavailable(
          "the SDK key cannot be checked now (management-api unavailable); retry later", 5);
    }
    try {
      if (body == null) {
        throw new IllegalArgumentException("no body");
      }
      KeyAnswer answer = READER.readValue(body, KeyAnswer.class);
      return new Lookup(
          new SdkKey(
              answer.environmentId(),
              answer.projectKey(),
              answer.environmentKey(),
              SdkType.fromWireName(answer.type()),
              Set.copyOf(answer.variables()),
              answer.expiresAt()));
    } catch (JacksonException | IllegalArgumentException e) {
      log.error("management-api answered an SDK key lookup that cannot be read", e);
      throw new EventsProblem(
          HttpStatus.SERVICE_UNAVAILABLE, "unavailable", "the SDK key cannot be checked now");
    }
  }
}
