package dev.switchboard.management;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Settings under {@code switchboard.management}; every one has a default that works locally.
 *
 * @param bootstrapToken an admin API token accepted from configuration (empty: none)
 * @param serviceToken the token config-service presents to read snapshots (empty: none)
 * @param maxRequestBytes larger request bodies get 413
 * @param outbox the outbox relay's settings
 * @param eventsApiUrl where events-api serves its internal usage reports
 * @param eventsApiTimeout how long a usage report may take before the caller gets 503
 * @param snapshotCacheSize how many bytes of serialized config documents (the newest committed one
 *     per environment) are kept in memory for the snapshot endpoint; 0 turns the cache off
 */
@ConfigurationProperties("switchboard.management")
public record ManagementProperties(
    @DefaultValue("") String bootstrapToken,
    @DefaultValue("") String serviceToken,
    @DefaultValue("1048576") long maxRequestBytes,
    @DefaultValue Outbox outbox,
    @DefaultValue("http://localhost:8082") String eventsApiUrl,
    @DefaultValue("5s") Duration eventsApiTimeout,
    @DefaultValue("64MB") DataSize snapshotCacheSize) {

  /**
   * @param pollInterval how often the relay looks for unsent rows
   * @param batchSize rows published per relay transaction
   * @param sendTimeout how long the relay waits for the broker's acknowledgements
   */
  public record Outbox(
      @DefaultValue("50ms") Duration pollInterval,
      @DefaultValue("500") int batchSize,
      @DefaultValue("10s") Duration sendTimeout) {}
}
