package dev.switchboard.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The sanity check must actually catch a wrong engine, not just pass. */
class SanityCheckTest {

  @Test
  void rejectsAnEngineThatIgnoresTheRules() {
    FlagSdk<Object> alwaysControl =
        new FlagSdk<>() {
          @Override
          public void start() {}

          @Override
          public Object context(User user) {
            return user;
          }

          @Override
          public String evaluate(Object context) {
            return "control";
          }

          @Override
          public boolean evaluateBoolean(Object context) {
            return true;
          }
        };
    assertThatThrownBy(() -> SanityCheck.verify("always-control", alwaysControl))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("fallthrough split")
        .hasMessageContaining("expected treatment-a");
  }

  @Test
  void theSwitchboardConfigIsTheDocumentedExample() throws Exception {
    byte[] classpathCopy = SwitchboardSdk.readConfig();
    byte[] documented =
        java.nio.file.Files.readAllBytes(
            java.nio.file.Path.of("..", "docs", "examples", "new-checkout.json"));
    assertThat(classpathCopy).isEqualTo(documented);
  }
}
