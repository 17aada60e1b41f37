package dev.switchboard.events.web;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.CorsRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** Browsers post client events from any origin: the client key is public by design. */
@Configuration
class CorsConfiguration implements WebMvcConfigurer {
  @Override
  public void addCorsMappings(CorsRegistry registry) {
    registry
        .addMapping("/client/v1/events")
        .allowedOriginPatterns("*")
        .allowedMethods("POST")
        .allowedHeaders("Authorization", "Content-Type", "Content-Encoding")
        .maxAge(3600);
  }
}
