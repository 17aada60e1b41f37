package dev.switchboard.bucketing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Published MurmurHash3_x86_32 test vectors (as collected from the reference implementation's
 * SMHasher verification and widely reproduced, e.g. in the "MurmurHash3 test vectors" answer on
 * Stack Overflow). If one of these fails, every user's bucket has moved.
 */
class MurmurHash3Test {

  @ParameterizedTest(name = "bytes {0} seed {1}")
  @CsvSource({
    "'', 00000000, 00000000",
    "'', 00000001, 514E28B7",
    "'', ffffffff, 81F16F39",
    "00000000, 00000000, 2362F9DE",
    "ffffffff, 00000000, 76293B50",
    "21436587, 00000000, F55B516B",
    "21436587, 5082EDEE, 2362F9DE",
    "214365, 00000000, 7E4A8634",
    "2143, 00000000, A0F7B07A",
    "21, 00000000, 72661CF4",
    "000000, 00000000, 85F0B427",
    "0000, 00000000, 30F4C306",
    "00, 00000000, 514E28B7",
  })
  void matchesPublishedByteVectors(String hexBytes, String hexSeed, String hexExpected) {
    byte[] data = hex(hexBytes);
    assertThat(MurmurHash3.hash(data, (int) Long.parseLong(hexSeed, 16)))
        .isEqualTo((int) Long.parseLong(hexExpected, 16));
  }

  @ParameterizedTest(name = "\"{0}\"")
  @CsvSource({
    "a, 7FA09EA6",
    "ab, 74875592",
    "abc, C84A62DD",
    "abcd, F0478627",
    "aa, 5D211726",
    "aaa, 283E0130",
    "aaaa, 5A97808A",
    "'Hello, world!', 24884CBA",
    "ππππππππ, D58063C1",
    "The quick brown fox jumps over the lazy dog, 2FA826CD",
  })
  void matchesPublishedStringVectorsWithSeed9747b28c(String text, String hexExpected) {
    int seed = 0x9747b28c;
    int expected = (int) Long.parseLong(hexExpected, 16);
    assertThat(MurmurHash3.hash(text.getBytes(StandardCharsets.UTF_8), seed)).isEqualTo(expected);
    assertThat(MurmurHash3.hashUtf8(text, seed)).isEqualTo(expected);
  }

  @Property
  void hashingAStringEqualsHashingItsUtf8Bytes(@ForAll String text, @ForAll int seed) {
    assertThat(MurmurHash3.hashUtf8(text, seed))
        .isEqualTo(MurmurHash3.hash(text.getBytes(StandardCharsets.UTF_8), seed));
  }

  @Property
  void loneSurrogatesEncodeAsJavaDoes(@ForAll char c, @ForAll int seed) {
    String text = "x" + c + "yz" + c;
    assertThat(MurmurHash3.hashUtf8(text, seed))
        .isEqualTo(MurmurHash3.hash(text.getBytes(StandardCharsets.UTF_8), seed));
  }

  private static byte[] hex(String hex) {
    byte[] bytes = new byte[hex.length() / 2];
    for (int i = 0; i < bytes.length; i++) {
      bytes[i] = (byte) Integer.parseInt(hex.substring(2 * i, 2 * i + 2), 16);
    }
    return bytes;
  }
}
