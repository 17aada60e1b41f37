package dev.switchboard.events;

import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** One clock for the service, so that time is a dependency and not a global. */
@Configuration
class ClockConfiguration {
  @Bean
  Clock clock() {
    return Clock.systemUTC();
  }
}
