package dev.switchboard.configservice;

import dev.switchboard.testsupport.Kafka;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/** Starts further config-service instances in this JVM (for restarts and other stores). */
final class ConfigServices {
  private ConfigServices() {}

  /** A config-service with {@code properties} on top of the defaults, plus extra configuration. */
  static ConfigurableApplicationContext start(Map<String, ?> properties, Class<?>... extra) {
    Map<String, Object> merged = new LinkedHashMap<>();
    merged.put("server.port", 0);
    merged.put("spring.kafka.bootstrap-servers", Kafka.bootstrapServers());
    merged.put("logging.level.org.apache.kafka", "WARN");
    merged.putAll(properties);
    List<String> args = new ArrayList<>();
    merged.forEach((key, value) -> args.add("--" + key + "=" + value));
    Class<?>[] sources = new Class<?>[extra.length + 1];
    sources[0] = ConfigServiceApplication.class;
    System.arraycopy(extra, 0, sources, 1, extra.length);
    return new SpringApplicationBuilder(sources).run(args.toArray(String[]::new));
  }

  static String baseUrl(ConfigurableApplicationContext service) {
    return "http://localhost:" + ((WebServerApplicationContext) service).getWebServer().getPort();
  }
}
