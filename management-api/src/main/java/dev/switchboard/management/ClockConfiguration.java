package dev.switchboard.management;

import dev.switchboard.management.security.Caller;
import java.time.Clock;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration
class ClockConfiguration {
  static {
    // Caller is resolved from the bearer token, not a request parameter
    SpringDocUtils.getConfig().addRequestWrapperToIgnore(Caller.class);
  }

  @Bean
  Clock clock() {
    return Clock.systemUTC();
  }
}
