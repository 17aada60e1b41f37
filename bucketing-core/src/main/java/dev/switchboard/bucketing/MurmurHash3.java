package dev.switchboard.bucketing;

/**
 * MurmurHash3 x86 32-bit (Austin Appleby), as specified in {@code docs/bucketing.md}.
 *
 * <p>{@link #hashUtf8(String, int)} hashes the UTF-8 encoding of a string without materialising it,
 * so bucketing allocates nothing. Lone surrogates encode as {@code '?'}, exactly as {@code
 * String.getBytes(UTF_8)} does.
 */
final class MurmurHash3 {
  private static final int C1 = 0xcc9e2d51;
  private static final int C2 = 0x1b873593;

  private MurmurHash3() {}

  static int hash(byte[] data, int seed) {
    int h = seed;
    int blocks = data.length & ~3;
    for (int i = 0; i < blocks; i += 4) {
      int k =
          (data[i] & 0xff)
              | (data[i + 1] & 0xff) << 8
              | (data[i + 2] & 0xff) << 16
              | (data[i + 3] & 0xff) << 24;
      h = mixH(h, mixK(k));
    }
    int k = 0;
    switch (data.length & 3) {
      case 3:
        k ^= (data[blocks + 2] & 0xff) << 16;
      // fall through
      case 2:
        k ^= (data[blocks + 1] & 0xff) << 8;
      // fall through
      case 1:
        k ^= data[blocks] & 0xff;
        h ^= mixK(k);
      // fall through
      default:
    }
    return finish(h, data.length);
  }

  static int hashUtf8(String value, int seed) {
    int h = seed;
    int pending = 0; // bytes of the current block, little-endian
    int pendingCount = 0;
    int length = 0;
    int n = value.length();
    for (int i = 0; i < n; i++) {
      int c = value.charAt(i);
      int encoded; // up to 4 UTF-8 bytes, first byte lowest
      int count;
      if (c < 0x80) {
        encoded = c;
        count = 1;
      } else if (c < 0x800) {
        encoded = (0xc0 | c >> 6) | (0x80 | c & 0x3f) << 8;
        count = 2;
      } else if (Character.isSurrogate((char) c)) {
        if (Character.isHighSurrogate((char) c)
            && i + 1 < n
            && Character.isLowSurrogate(value.charAt(i + 1))) {
          int cp = Character.toCodePoint((char) c, value.charAt(++i));
          encoded =
              (0xf0 | cp >> 18)
                  | (0x80 | cp >> 12 & 0x3f) << 8
                  | (0x80 | cp >> 6 & 0x3f) << 16
                  | (0x80 | cp & 0x3f) << 24;
          count = 4;
        } else {
          encoded = '?';
          count = 1;
        }
      } else {
        encoded = (0xe0 | c >> 12) | (0x80 | c >> 6 & 0x3f) << 8 | (0x80 | c & 0x3f) << 16;
        count = 3;
      }
      length += count;
      for (int b = 0; b < count; b++) {
        pending |= (encoded >>> (8 * b) & 0xff) << (8 * pendingCount);
        if (++pendingCount == 4) {
          h = mixH(h, mixK(pending));
          pending = 0;
          pendingCount = 0;
        }
      }
    }
    if (pendingCount > 0) {
      h ^= mixK(pending);
    }
    return finish(h, length);
  }

  private static int mixK(int k) {
    k *= C1;
    k = Integer.rotateLeft(k, 15);
    return k * C2;
  }

  private static int mixH(int h, int k) {
    h ^= k;
    h = Integer.rotateLeft(h, 13);
    return h * 5 + 0xe6546b64;
  }

  private static int finish(int h, int length) {
    h ^= length;
    h ^= h >>> 16;
    h *= 0x85ebca6b;
    h ^= h >>> 13;
    h *= 0xc2b2ae35;
    h ^= h >>> 16;
    return h;
  }
}
