package dev.switchboard.events.rollup;

import dev.switchboard.events.EventsProperties;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Deletes processed batch ids and per-minute rollups past their retention, hourly. Day rollups are
 * kept. Running on several instances at once is harmless (the deletes are idempotent).
 */
@Component
class Retention {
  private static final Logger log = LoggerFactory.getLogger(Retention.class);

  private final JdbcClient jdbc;
  private final EventsProperties properties;
  private final Clock clock;

  Retention(JdbcClient jdbc, EventsProperties properties, Clock clock) {
    this.jdbc = jdbc;
    this.properties = properties;
    this.clock = clock;
  }

  @Scheduled(initialDelayString = "PT1M", fixedDelayString = "PT1H")
  void deleteExpired() {
    OffsetDateTime batches =
        OffsetDateTime.ofInstant(
            clock.instant().minus(properties.processedBatchRetention()), ZoneOffset.UTC);
    OffsetDateTime minutes =
        OffsetDateTime.ofInstant(
            clock.instant().minus(properties.minuteRetention()), ZoneOffset.UTC);
    int deleted =
        jdbc.sql("delete from processed_batch where processed_at < :before")
                .param("before", batches)
                .update()
            + jdbc.sql("delete from evaluation_minute where minute < :before")
                .param("before", minutes)
                .update()
            + jdbc.sql("delete from custom_event_minute where minute < :before")
                .param("before", minutes)
                .update();
    if (deleted > 0) {
      log.info("deleted {} rows past their retention", deleted);
    }
  }
}
