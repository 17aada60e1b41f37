package dev.switchboard.bucketing;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SemverTest {

  /** Precedence examples from SemVer 2.0.0, section 11, plus the lenient forms. */
  @ParameterizedTest(name = "{0} < {1}")
  @CsvSource({
    "1.0.0, 2.0.0",
    "2.0.0, 2.1.0",
    "2.1.0, 2.1.1",
    "2.3.0, 2.10.0",
    "1.0.0-alpha, 1.0.0",
    "1.0.0-alpha, 1.0.0-alpha.1",
    "1.0.0-alpha.1, 1.0.0-alpha.beta",
    "1.0.0-alpha.beta, 1.0.0-beta",
    "1.0.0-beta, 1.0.0-beta.2",
    "1.0.0-beta.2, 1.0.0-beta.11",
    "1.0.0-beta.11, 1.0.0-rc.1",
    "1.0.0-rc.1, 1.0.0",
    "2.2, 2.3.0",
    "v2.2.9, 2.3",
    "2, 2.0.1",
  })
  void ordersVersionsBySemverPrecedence(String lower, String higher) {
    assertThat(Semver.compare(lower, Semver.parse(higher))).isNegative();
    assertThat(Semver.compare(higher, Semver.parse(lower))).isPositive();
  }

  @ParameterizedTest(name = "{0} = {1}")
  @CsvSource({
    "2.3.0, 2.3",
    "v2.3.0, 2.3.0",
    "2, 2.0.0",
    "1.0.0+build.5, 1.0.0",
    "1.0.0-rc.1+build, 1.0.0-rc.1",
    "01.002.0003, 1.2.3",
    "1.0.0-beta.011, 1.0.0-beta.11",
  })
  void treatsEquivalentSpellingsAsEqual(String a, String b) {
    assertThat(Semver.compare(a, Semver.parse(b))).isZero();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "v",
        "V1.0.0",
        "1.",
        "1..2",
        "1.2.3.4",
        "1.2.3-",
        "1.2.3+",
        "1.2.3-a..b",
        " 1.2.3",
        "1.2.3 ",
        "a.b.c",
        "1.2.x",
        "1234567890123456789.0.0",
        "1.0.0-é"
      })
  void rejectsWhatIsNotAVersion(String text) {
    assertThat(Semver.parse(text)).isNull();
    assertThat(Semver.compare(text, Semver.parse("1.0.0"))).isEqualTo(Semver.NOT_A_VERSION);
  }

  @Test
  void numericPrereleaseIdentifiersPrecedeAlphanumericOnes() {
    assertThat(Semver.compare("1.0.0-1", Semver.parse("1.0.0-a"))).isNegative();
    assertThat(Semver.compare("1.0.0-a", Semver.parse("1.0.0-1"))).isPositive();
  }

  /** The loader's reader (a regex) and the evaluator's (a scanner) must accept the same text. */
  @Property(tries = 2000)
  void bothReadersAcceptTheSameStrings(@ForAll("versionLike") String text) {
    Semver parsed = Semver.parse(text);
    int compared = Semver.compare(text, Semver.parse("1.0.0"));
    assertThat(compared == Semver.NOT_A_VERSION).isEqualTo(parsed == null);
    if (parsed != null) {
      assertThat(Semver.compare(text, parsed)).isZero();
    }
  }

  @Provide
  Arbitrary<String> versionLike() {
    return Arbitraries.strings().withChars("0123456789.-+vaZ").ofMaxLength(14);
  }
}
