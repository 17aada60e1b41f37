package dev.switchboard.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The root {@code docker-compose.yml}: valid for docker-compose, and every environment variable it
 * gives a Switchboard service is one that service really reads (a {@code ${VARIABLE...}}
 * placeholder in its {@code application.yml}), so a typo cannot silently fall back to a default.
 */
class DockerComposeTest {
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final Path COMPOSE_FILE = ROOT.resolve("docker-compose.yml");

  /** Read by the JVM or the AWS SDK itself rather than through application.yml. */
  private static final Set<String> READ_OUTSIDE_SPRING =
      Set.of("JAVA_TOOL_OPTIONS", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_REGION");

  @Test
  void dockerComposeAcceptsTheFile() throws Exception {
    Process process;
    try {
      process =
          new ProcessBuilder("docker-compose", "-f", COMPOSE_FILE.toString(), "config", "-q")
              .redirectErrorStream(true)
              .start();
    } catch (IOException notInstalled) {
      assumeTrue(false, "docker-compose is not installed (apt-get install docker-compose)");
      return;
    }
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.exitValue()).as(output).isZero();
  }

  @Test
  @SuppressWarnings("unchecked")
  void everyServiceVariableIsReadByThatService() throws IOException {
    Map<String, Object> compose =
        new Yaml().load(Files.readString(COMPOSE_FILE, StandardCharsets.UTF_8));
    Map<String, Map<String, Object>> services =
        (Map<String, Map<String, Object>>) compose.get("services");
    int checked = 0;
    for (var service : services.entrySet()) {
      Object build = service.getValue().get("build");
      if (build == null) {
        continue; // postgres, kafka, redis, minio: their own images
      }
      Path module = ROOT.resolve(build.toString()).normalize();
      String applicationYml =
          Files.readString(module.resolve("src/main/resources/application.yml"));
      Map<String, Object> environment =
          (Map<String, Object>) service.getValue().getOrDefault("environment", Map.of());
      for (String variable : environment.keySet()) {
        if (READ_OUTSIDE_SPRING.contains(variable)) {
          continue;
        }
        assertThat(applicationYml)
            .as(
                "%s sets %s, which %s/application.yml never reads",
                service.getKey(), variable, build)
            .contains("${" + variable + ":");
        checked++;
      }
      String dockerfile = Files.readString(module.resolve("Dockerfile"));
      assertThat(dockerfile).as(service.getKey() + " Dockerfile").contains("USER ", "HEALTHCHECK");
    }
    assertThat(checked).isGreaterThan(0);
  }

  @Test
  @SuppressWarnings("unchecked")
  void servicesWaitForHealthyDependencies() throws IOException {
    Map<String, Object> compose =
        new Yaml().load(Files.readString(COMPOSE_FILE, StandardCharsets.UTF_8));
    Map<String, Map<String, Object>> services =
        (Map<String, Map<String, Object>>) compose.get("services");
    for (var service : services.entrySet()) {
      Object dependsOn = service.getValue().get("depends_on");
      if (dependsOn == null) {
        continue;
      }
      assertThat(dependsOn).as(service.getKey()).isInstanceOf(Map.class);
      for (Map<String, String> condition :
          ((Map<String, Map<String, String>>) dependsOn).values()) {
        assertThat(condition.get("condition"))
            .isIn(List.of("service_healthy", "service_completed_successfully"));
      }
    }
  }
}
