package dev.switchboard.management;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** The management API: the only writer of flag data. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class ManagementApplication {
  public static void main(String[] args) {
    SpringApplication.run(ManagementApplication.class, args);
  }
}
