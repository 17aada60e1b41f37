package dev.switchboard.events;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

/** events-api: takes SDK event batches into Kafka, rolls them up into Postgres, reports usage. */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class EventsApplication {
  public static void main(String[] args) {
    SpringApplication.run(EventsApplication.class, args);
  }
}
