package dev.switchboard.edge;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** The evaluation edge: CDN origin for configs, SSE change streams, bucketing and client APIs. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class EdgeApplication {
  public static void main(String[] args) {
    SpringApplication.run(EdgeApplication.class, args);
  }
}
