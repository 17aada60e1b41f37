package dev.switchboard.bucketing;

import com.google.re2j.Pattern;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashSet;
import java.util.Set;

/**
 * A preprocessed audience filter. Every filter is immutable and is built once at load; {@link
 * #matches} only reads it, allocates nothing on the common paths and never throws.
 */
abstract class Filter {
  /** Matches everyone: {@code {"type": "all"}}. */
  static final Filter ALL =
      new Filter() {
        @Override
        boolean matches(User user, Evaluator evaluator) {
          return true;
        }
      };

  /** Matches no one: what an unknown filter type or operator becomes (fail closed). */
  static final Filter NEVER =
      new Filter() {
        @Override
        boolean matches(User user, Evaluator evaluator) {
          return false;
        }
      };

  abstract boolean matches(User user, Evaluator evaluator);

  /** {@code and}: every filter matches. */
  static final class All extends Filter {
    private final Filter[] filters;

    All(Filter[] filters) {
      this.filters = filters;
    }

    @Override
    boolean matches(User user, Evaluator evaluator) {
      for (Filter filter : filters) {
        if (!filter.matches(user, evaluator)) {
          return false;
        }
      }
      return true;
    }
  }

  /** {@code or}: at least one filter matches. */
  static final class Any extends Filter {
    private final Filter[] filters;

    Any(Filter[] filters) {
      this.filters = filters;
    }

    @Override
    boolean matches(User user, Evaluator evaluator) {
      for (Filter filter : filters) {
        if (filter.matches(user, evaluator)) {
          return true;
        }
      }
      return false;
    }
  }

  /** Inverts another filter ({@code negate} on audience, users and prerequisite filters). */
  static final class Not extends Filter {
    private final Filter filter;

    Not(Filter filter) {
      this.filter = filter;
    }

    @Override
    boolean matches(User user, Evaluator evaluator) {
      return !filter.matches(user, evaluator);
    }
  }

  /** {@code users}: the user's id is one of a list. */
  static final class UserIds extends Filter {
    private final Set<String> ids;

    UserIds(Set<String> ids) {
      this.ids = ids;
    }

    @Override
    boolean matches(User user, Evaluator evaluator) {
      return ids.contains(user.id());
    }
  }

  /** {@code prerequisite}: another feature serves one of some variations to this user. */
  static final class Prerequisite extends Filter {
    private final FeatureModel feature;
    private final boolean[] acceptedVariations;

    Prerequisite(FeatureModel feature, boolean[] acceptedVariations) {
      this.feature = feature;
      this.acceptedVariations = acceptedVariations;
    }

    @Override
    boolean matches(User user, Evaluator evaluator) {
      int variation = feature.servedVariation(feature.evaluate(user, evaluator));
      return variation >= 0 && acceptedVariations[variation];
    }
  }

  /**
   * {@code attribute}: an operator over one user attribute. A positive operator never matches a
   * missing attribute; a negative one is exactly its positive twin inverted.
   */
  abstract static class AttributeFilter extends Filter {
    private final Attribute attribute;
    private final boolean negate;

    AttributeFilter(Attribute attribute, boolean negate) {
      this.attribute = attribute;
      this.negate = negate;
    }

    @Override
    final boolean matches(User user, Evaluator evaluator) {
      Object value = attribute.valueOf(user);
      return (value != null && test(value)) != negate;
    }

    /** The positive operator, for a present value of any type. */
    abstract boolean test(Object value);
  }

  /** {@code equals}, {@code in} and their negations; type-strict, numbers compare as doubles. */
  static final class OneOf extends AttributeFilter {
    private final String[] strings;
    private final Set<String> stringSet; // for long lists; null for short ones
    private final double[] numbers;
    private final boolean acceptsTrue;
    private final boolean acceptsFalse;

    OneOf(
        Attribute attribute,
        boolean negate,
        String[] strings,
        double[] numbers,
        boolean acceptsTrue,
        boolean acceptsFalse) {
      super(attribute, negate);
      this.strings = strings;
      this.stringSet = strings.length > 8 ? new HashSet<>(java.util.Arrays.asList(strings)) : null;
      this.numbers = numbers;
      this.acceptsTrue = acceptsTrue;
      this.acceptsFalse = acceptsFalse;
    }

    @Override
    boolean test(Object value) {
      if (value instanceof String s) {
        if (stringSet != null) {
          return stringSet.contains(s);
        }
        for (String candidate : strings) {
          if (candidate.equals(s)) {
            return true;
          }
        }
        return false;
      }
      if (value instanceof Double d) {
        double v = d;
        for (double candidate : numbers) {
          if (candidate == v) {
            return true;
          }
        }
        return false;
      }
      if (value instanceof Boolean b) {
        return b ? acceptsTrue : acceptsFalse;
      }
      return false;
    }
  }

  /** {@code contains}, {@code startsWith}, {@code endsWith} (and {@code notContains}). */
  static final class StringTest extends AttributeFilter {
    static final int CONTAINS = 0;
    static final int STARTS_WITH = 1;
    static final int ENDS_WITH = 2;

    private final int kind;
    private final String[] operands;

    StringTest(Attribute attribute, boolean negate, int kind, String[] operands) {
      super(attribute, negate);
      this.kind = kind;
      this.operands = operands;
    }

    @Override
    boolean test(Object value) {
      if (!(value instanceof String s)) {
        return false;
      }
      for (String operand : operands) {
        boolean hit =
            switch (kind) {
              case STARTS_WITH -> s.startsWith(operand);
              case ENDS_WITH -> s.endsWith(operand);
              default -> s.contains(operand);
            };
        if (hit) {
          return true;
        }
      }
      return false;
    }
  }

  /** {@code matches}: RE2 patterns, found anywhere, in time linear in the input. */
  static final class Matches extends AttributeFilter {
    private final Pattern[] patterns;

    Matches(Attribute attribute, Pattern[] patterns) {
      super(attribute, false);
      this.patterns = patterns;
    }

    @Override
    boolean test(Object value) {
      if (!(value instanceof String s)) {
        return false;
      }
      for (Pattern pattern : patterns) {
        if (pattern.matcher(s).find()) {
          return true;
        }
      }
      return false;
    }
  }

  /** {@code lt}, {@code lte}, {@code gt}, {@code gte}. */
  static final class NumberCompare extends AttributeFilter {
    private final double operand;
    private final int sign; // -1 for lt/lte, +1 for gt/gte
    private final boolean orEqual;

    NumberCompare(Attribute attribute, double operand, int sign, boolean orEqual) {
      super(attribute, false);
      this.operand = operand;
      this.sign = sign;
      this.orEqual = orEqual;
    }

    @Override
    boolean test(Object value) {
      if (!(value instanceof Double d)) {
        return false;
      }
      return holds(Double.compare(d, operand), sign, orEqual);
    }
  }

  /**
   * {@code semverEquals}, {@code semverLt}, {@code semverLte}, {@code semverGt}, {@code semverGte}.
   */
  static final class SemverCompare extends AttributeFilter {
    private final Semver operand;
    private final int sign; // 0 for equals
    private final boolean orEqual;

    SemverCompare(Attribute attribute, Semver operand, int sign, boolean orEqual) {
      super(attribute, false);
      this.operand = operand;
      this.sign = sign;
      this.orEqual = orEqual;
    }

    @Override
    boolean test(Object value) {
      if (!(value instanceof String s)) {
        return false;
      }
      int c = Semver.compare(s, operand);
      return c != Semver.NOT_A_VERSION && holds(c, sign, orEqual);
    }
  }

  /** {@code before}, {@code after}: ISO-8601 instants or epoch milliseconds. */
  static final class DateCompare extends AttributeFilter {
    private final long operandMillis;
    private final int sign; // -1 before, +1 after

    DateCompare(Attribute attribute, long operandMillis, int sign) {
      super(attribute, false);
      this.operandMillis = operandMillis;
      this.sign = sign;
    }

    @Override
    boolean test(Object value) {
      long millis;
      if (value instanceof Double d) {
        millis = (long) (double) d;
      } else if (value instanceof String s) {
        try {
          millis = Instant.parse(s).toEpochMilli();
        } catch (DateTimeParseException | ArithmeticException notADate) {
          return false; // a wrongly typed attribute never matches; nothing to report per call
        }
      } else {
        return false;
      }
      return holds(Long.compare(millis, operandMillis), sign, false);
    }
  }

  /** {@code isTrue}, {@code isFalse}. */
  static final class IsBoolean extends AttributeFilter {
    private final boolean expected;

    IsBoolean(Attribute attribute, boolean expected) {
      super(attribute, false);
      this.expected = expected;
    }

    @Override
    boolean test(Object value) {
      return value instanceof Boolean b && b == expected;
    }
  }

  /** {@code exists}, {@code notExists}. */
  static final class Exists extends AttributeFilter {
    Exists(Attribute attribute, boolean negate) {
      super(attribute, negate);
    }

    @Override
    boolean test(Object value) {
      return true;
    }
  }

  /** Whether a comparison result satisfies an operator: sign 0 means equality. */
  static boolean holds(int comparison, int sign, boolean orEqual) {
    if (comparison == 0) {
      return sign == 0 || orEqual;
    }
    return sign != 0 && Integer.signum(comparison) == sign;
  }
}
