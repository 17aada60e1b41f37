package dev.switchboard.devstack;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * What dev-stack starts and where. Every option is a {@code --name=value} argument, or the
 * environment variable in the table of the README ({@code SWITCHBOARD_DEV_...}).
 *
 * @param dataDirectory where PostgreSQL data, the object store and logs live (default {@code
 *     .dev-stack}, git-ignored)
 * @param reset delete the data directory first
 * @param demo create the demo project on start
 * @param servicesDirectory where the services' runnable jars are (the build puts them in {@code
 *     dev-stack/target/services})
 * @param classDataSharing run the services from extracted jars with class-data archives (see {@link
 *     ClassDataSharing}); off runs the runnable jars as built
 * @param adminToken the bootstrap admin token of management-api
 */
public record DevStackOptions(
    Path dataDirectory,
    boolean reset,
    boolean demo,
    Path servicesDirectory,
    boolean classDataSharing,
    String adminToken,
    String serviceToken,
    int postgresPort,
    int kafkaPort,
    int redisPort,
    int edgePort,
    int managementPort,
    int eventsPort,
    int configServicePort) {

  Path objectStoreDirectory() {
    return dataDirectory.resolve("objects");
  }

  Path logDirectory() {
    return dataDirectory.resolve("logs");
  }

  /** Options from {@code --name=value} arguments, then environment variables, then defaults. */
  public static DevStackOptions parse(String[] args, Map<String, String> environment) {
    Map<String, String> values = new HashMap<>();
    for (String arg : args) {
      if (!arg.startsWith("--")) {
        throw new IllegalArgumentException("unexpected argument '" + arg + "' (use --name=value)");
      }
      int equals = arg.indexOf('=');
      String name = equals < 0 ? arg.substring(2) : arg.substring(2, equals);
      values.put(name, equals < 0 ? "true" : arg.substring(equals + 1));
    }
    Source source = new Source(values, environment);
    DevStackOptions options =
        new DevStackOptions(
            Path.of(source.get("data-dir", ".dev-stack")),
            Boolean.parseBoolean(source.get("reset", "false")),
            Boolean.parseBoolean(source.get("demo", "true")),
            Path.of(
                source.get(
                    "services-dir",
                    System.getProperty(
                        "switchboard.devstack.services-dir", "dev-stack/target/services"))),
            Boolean.parseBoolean(source.get("class-data-sharing", "true")),
            source.get("admin-token", "dev-admin-token"),
            source.get("service-token", "dev-service-token"),
            source.port("postgres-port", 15432),
            source.port("kafka-port", 19092),
            source.port("redis-port", 16379),
            source.port("edge-port", 8080),
            source.port("management-port", 8081),
            source.port("events-port", 8082),
            source.port("config-service-port", 8083));
    if (!values.isEmpty()) {
      throw new IllegalArgumentException("unknown options: " + values.keySet());
    }
    return options;
  }

  /** A port nothing listens on now (for {@code --*-port=0}, used by tests). */
  private static int freePort() {
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("no free port", e);
    }
  }

  private record Source(Map<String, String> arguments, Map<String, String> environment) {
    String get(String name, String defaultValue) {
      String argument = arguments.remove(name);
      if (argument != null) {
        return argument;
      }
      String variable = environment.get("SWITCHBOARD_DEV_" + name.toUpperCase().replace('-', '_'));
      return variable != null ? variable : defaultValue;
    }

    int port(String name, int defaultValue) {
      String value = get(name, String.valueOf(defaultValue));
      try {
        int port = Integer.parseInt(value);
        if (port < 0 || port > 65535) {
          throw new NumberFormatException();
        }
        return port == 0 ? freePort() : port;
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("--" + name + " must be a port number, not " + value);
      }
    }
  }
}
