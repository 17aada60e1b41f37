package dev.switchboard.bucketing;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A semantic version, read leniently: {@code [v]MAJOR[.MINOR[.PATCH]][-prerelease][+build]}, with
 * missing parts read as 0 and build metadata ignored; precedence is SemVer 2.0.0's.
 *
 * <p>Filter values are parsed once at load ({@link #parse}); user values are compared in place
 * ({@link #compare}) so that evaluation allocates nothing. {@code SemverTest} checks that the two
 * readers accept exactly the same strings.
 */
final class Semver {
  /** Returned by {@link #compare} when the user's value is not a version. */
  static final int NOT_A_VERSION = Integer.MIN_VALUE;

  private static final int MAX_DIGITS = 18; // fits a long

  private static final Pattern SYNTAX =
      Pattern.compile(
          "v?(\\d{1,18})(?:\\.(\\d{1,18})(?:\\.(\\d{1,18}))?)?"
              + "(?:-([0-9A-Za-z-]+(?:\\.[0-9A-Za-z-]+)*))?"
              + "(?:\\+[0-9A-Za-z-]+(?:\\.[0-9A-Za-z-]+)*)?");

  final long major;
  final long minor;
  final long patch;
  final String[] prerelease;

  private Semver(long major, long minor, long patch, String[] prerelease) {
    this.major = major;
    this.minor = minor;
    this.patch = patch;
    this.prerelease = prerelease;
  }

  static @Nullable Semver parse(String text) {
    Matcher m = SYNTAX.matcher(text);
    if (!m.matches()) {
      return null;
    }
    return new Semver(
        Long.parseLong(m.group(1)),
        m.group(2) == null ? 0 : Long.parseLong(m.group(2)),
        m.group(3) == null ? 0 : Long.parseLong(m.group(3)),
        m.group(4) == null ? new String[0] : m.group(4).split("\\.", -1));
  }

  /**
   * Compares a user's version string with {@code target}: negative, zero or positive as {@code
   * version} precedes, equals or follows it, or {@link #NOT_A_VERSION}.
   */
  static int compare(String version, Semver target) {
    int n = version.length();
    int i = 0;
    if (n > 0 && version.charAt(0) == 'v') {
      i++;
    }
    long major;
    long minor = 0;
    long patch = 0;
    int end = digitsEnd(version, i);
    if (end < 0) {
      return NOT_A_VERSION;
    }
    major = parseDigits(version, i, end);
    i = end;
    if (i < n && version.charAt(i) == '.') {
      end = digitsEnd(version, i + 1);
      if (end < 0) {
        return NOT_A_VERSION;
      }
      minor = parseDigits(version, i + 1, end);
      i = end;
      if (i < n && version.charAt(i) == '.') {
        end = digitsEnd(version, i + 1);
        if (end < 0) {
          return NOT_A_VERSION;
        }
        patch = parseDigits(version, i + 1, end);
        i = end;
      }
    }
    int preStart = -1;
    int preEnd = -1;
    if (i < n && version.charAt(i) == '-') {
      preStart = i + 1;
      preEnd = identifiersEnd(version, preStart);
      if (preEnd < 0) {
        return NOT_A_VERSION;
      }
      i = preEnd;
    }
    if (i < n && version.charAt(i) == '+') {
      int buildEnd = identifiersEnd(version, i + 1);
      if (buildEnd < 0) {
        return NOT_A_VERSION;
      }
      i = buildEnd;
    }
    if (i != n) {
      return NOT_A_VERSION;
    }
    int c = Long.compare(major, target.major);
    if (c == 0) {
      c = Long.compare(minor, target.minor);
    }
    if (c == 0) {
      c = Long.compare(patch, target.patch);
    }
    if (c != 0) {
      return c;
    }
    return comparePrerelease(version, preStart, preEnd, target.prerelease);
  }

  /** End of a run of 1..18 digits starting at {@code from}, or -1. */
  private static int digitsEnd(String s, int from) {
    int i = from;
    while (i < s.length() && isDigit(s.charAt(i))) {
      i++;
    }
    int count = i - from;
    return count == 0 || count > MAX_DIGITS ? -1 : i;
  }

  private static long parseDigits(String s, int from, int to) {
    long value = 0;
    for (int i = from; i < to; i++) {
      value = value * 10 + (s.charAt(i) - '0');
    }
    return value;
  }

  /**
   * End of dot-separated, non-empty identifiers of [0-9A-Za-z-] starting at {@code from}, or -1.
   */
  private static int identifiersEnd(String s, int from) {
    int i = from;
    int identifierLength = 0;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (c == '.') {
        if (identifierLength == 0) {
          return -1;
        }
        identifierLength = 0;
      } else if (isIdentifierChar(c)) {
        identifierLength++;
      } else {
        break;
      }
      i++;
    }
    return identifierLength == 0 ? -1 : i;
  }

  private static int comparePrerelease(String s, int start, int end, String[] target) {
    if (start < 0) {
      return target.length == 0 ? 0 : 1; // a release follows its prereleases
    }
    if (target.length == 0) {
      return -1;
    }
    int index = 0;
    int from = start;
    while (from < end) {
      int to = s.indexOf('.', from);
      if (to < 0 || to > end) {
        to = end;
      }
      if (index == target.length) {
        return 1; // more identifiers, all previous equal
      }
      int c = compareIdentifier(s, from, to, target[index]);
      if (c != 0) {
        return c;
      }
      index++;
      from = to + 1;
    }
    return index == target.length ? 0 : -1;
  }

  private static int compareIdentifier(String s, int from, int to, String target) {
    boolean numeric = allDigits(s, from, to);
    boolean targetNumeric = allDigits(target, 0, target.length());
    if (numeric && targetNumeric) {
      int a = skipZeros(s, from, to);
      int b = skipZeros(target, 0, target.length());
      int c = Integer.compare(to - a, target.length() - b);
      for (int i = 0; c == 0 && a + i < to; i++) {
        c = Character.compare(s.charAt(a + i), target.charAt(b + i));
      }
      return c;
    }
    if (numeric != targetNumeric) {
      return numeric ? -1 : 1; // numeric identifiers precede alphanumeric ones
    }
    int length = Math.min(to - from, target.length());
    for (int i = 0; i < length; i++) {
      int c = Character.compare(s.charAt(from + i), target.charAt(i));
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(to - from, target.length());
  }

  private static int skipZeros(String s, int from, int to) {
    while (from < to - 1 && s.charAt(from) == '0') {
      from++;
    }
    return from;
  }

  private static boolean allDigits(String s, int from, int to) {
    for (int i = from; i < to; i++) {
      if (!isDigit(s.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static boolean isIdentifierChar(char c) {
    return isDigit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-';
  }
}
