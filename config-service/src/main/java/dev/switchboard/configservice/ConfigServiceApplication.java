package dev.switchboard.configservice;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * Turns change events into the documents SDKs download: consumes {@code
 * switchboard.config-changes}, builds one document per SDK type from management-api's snapshot,
 * writes it to the object store and announces it on {@code switchboard.config-published}. See
 * docs/config-service.md.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class ConfigServiceApplication {
  public static void main(String[] args) {
    SpringApplication.run(ConfigServiceApplication.class, args);
  }
}
