package dev.switchboard.edge;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code switchboard.edge.*}: see the configuration table in {@code docs/edge-api.md}.
 *
 * @param heartbeat how often every stream gets a {@code : heartbeat} comment
 * @param retry the {@code retry:} sent when a stream opens (the client's reconnect delay)
 * @param shutdownRetryMin the smallest {@code retry:} sent to streams closed by a shutdown
 * @param shutdownRetryMax the largest; each stream gets a random delay in between
 * @param streamBufferFrames frames queued for one stream before it counts as too slow and is closed
 * @param maxRequestBytes the largest request body accepted (413 beyond)
 * @param configCacheControl the {@code Cache-Control} of config documents and their 304s
 * @param redisKeyPrefix prefix of the L2 cache entries in Redis
 * @param redisTtl how long a document stays in Redis after its last write
 * @param redisTimeout Redis command timeout: a slow Redis must never hold up a load for long
 * @param loadRetryMax the longest pause between attempts to load an announced document
 * @param probeInterval how often Kafka, Redis and the object store are probed for readiness
 * @param cors which web origins may call the client API
 */
@ConfigurationProperties("switchboard.edge")
public record EdgeProperties(
    @DefaultValue("15s") Duration heartbeat,
    @DefaultValue("3s") Duration retry,
    @DefaultValue("1s") Duration shutdownRetryMin,
    @DefaultValue("30s") Duration shutdownRetryMax,
    @DefaultValue("32") int streamBufferFrames,
    @DefaultValue("65536") int maxRequestBytes,
    @DefaultValue("public, max-age=10") String configCacheControl,
    @DefaultValue("switchboard:edge:config:") String redisKeyPrefix,
    @DefaultValue("7d") Duration redisTtl,
    @DefaultValue("500ms") Duration redisTimeout,
    @DefaultValue("10s") Duration loadRetryMax,
    @DefaultValue("5s") Duration probeInterval,
    @DefaultValue Cors cors) {

  /**
   * CORS of the client API ({@code /client/v1/**}).
   *
   * @param allowedOrigins origins allowed for every environment without an entry in {@code
   *     environments}; {@code *} allows any origin
   * @param environments per environment ({@code "<projectKey>/<environmentKey>"}): its allowed
   *     origins, replacing {@code allowedOrigins}
   * @param maxAge how long browsers may cache a preflight answer
   */
  public record Cors(
      @DefaultValue("*") List<String> allowedOrigins,
      @DefaultValue Map<String, List<String>> environments,
      @DefaultValue("10m") Duration maxAge) {

    /** Whether {@code origin} may call the client API of the environment. */
    public boolean allows(String projectKey, String environmentKey, String origin) {
      List<String> origins = environments.get(projectKey + "/" + environmentKey);
      return matches(origins == null ? allowedOrigins : origins, origin);
    }

    /**
     * Whether any environment allows {@code origin}: a preflight carries no key, so it is answered
     * for the union and the real request is checked against its environment.
     */
    public boolean allowsAnywhere(String origin) {
      if (matches(allowedOrigins, origin)) {
        return true;
      }
      for (List<String> origins : environments.values()) {
        if (matches(origins, origin)) {
          return true;
        }
      }
      return false;
    }

    private static boolean matches(List<String> origins, String origin) {
      return origins.contains("*") || origins.contains(origin);
    }
  }
}
