package dev.switchboard.benchmarks;

import java.util.ArrayList;
import java.util.List;

/**
 * Verifies that an engine serves the scenario exactly as specified before any number is measured
 * (the checks of the peer benchmark, plus the on/off boolean flag). Throws {@link
 * IllegalStateException}, which makes JMH fail the benchmark, on any mismatch.
 *
 * <p>The two engines hash differently, so fallthrough users need not get the same value from both;
 * they must get {@code control} or {@code treatment-a}, and over 10,000 fallthrough users each must
 * get 50% ± 2%.
 */
public final class SanityCheck {
  static final int BENCH_USERS = 1024;
  static final int SPLIT_USERS = 10_000;

  /** 10,000 fair coin flips: sd = 0.5%; 48..52% is a 4-sigma band. */
  static final double SPLIT_MIN = 0.48;

  static final double SPLIT_MAX = 0.52;

  private SanityCheck() {}

  /** Checks {@code sdk}; returns a one-line summary, throws on any mismatch. */
  public static String verify(String name, FlagSdk<Object> sdk) {
    List<String> errors = new ArrayList<>();

    // Hand-picked users, one per rule and per edge case.
    expect(
        sdk,
        new User("probe-1", "alice@example.com", "US", "1.0.0", "free"),
        "treatment-a",
        errors);
    expect(
        sdk,
        new User("probe-2", "bob@example.com", "DE", "2.4.0", "enterprise"),
        "treatment-a",
        errors); // rule order
    expect(
        sdk, new User("probe-3", "carl@mail.test", "DE", "2.4.0", "free"), "treatment-b", errors);
    expect(
        sdk,
        new User("probe-4", "dana@mail.test", "NL", "2.10.0", "free"),
        "treatment-b",
        errors); // semver, not lexicographic
    expect(
        sdk,
        new User("probe-5", "erik@mail.test", "FR", "2.3.0", "free"),
        "treatment-b",
        errors); // boundary
    expect(
        sdk,
        new User("probe-6", "finn@mail.test", "FR", "2.2.0", "enterprise"),
        "control",
        errors); // too old -> rule 3
    expect(
        sdk,
        new User("probe-7", "gina@example.com.evil.test", "US", "2.4.0", "enterprise"),
        "control",
        errors); // ends-with, not contains
    expect(
        sdk, new User("probe-8", "hugo@mail.test", "US", "2.4.0", "enterprise"), "control", errors);

    // Every benchmark user: rule users must match exactly, the others must get a split value;
    // everyone gets true from the on/off flag.
    int[] hits = new int[4];
    int booleanMisses = 0;
    for (User u : User.benchUsers(BENCH_USERS)) {
      Object context = sdk.context(u);
      String expected = User.expectedByRule(u);
      String actual = sdk.evaluate(context);
      if (expected != null) {
        hits[ruleIndex(u)]++;
        if (!expected.equals(actual)) {
          errors.add(u + " -> " + actual + ", expected " + expected);
        }
      } else {
        hits[3]++;
        if (!"control".equals(actual) && !"treatment-a".equals(actual)) {
          errors.add(u + " -> " + actual + ", expected control|treatment-a (fallthrough)");
        }
      }
      if (!sdk.evaluateBoolean(context)) {
        booleanMisses++;
        errors.add(u + " -> " + FlagSdk.BOOLEAN_FLAG_KEY + "=false, expected true");
      }
    }

    // Fallthrough split over 10,000 users that match no rule.
    int control = 0;
    int treatmentA = 0;
    for (int i = 0; i < SPLIT_USERS; i++) {
      User u = User.fallthroughOnly(i);
      String v = sdk.evaluate(sdk.context(u));
      if ("control".equals(v)) {
        control++;
      } else if ("treatment-a".equals(v)) {
        treatmentA++;
      } else if (errors.size() < 50) {
        errors.add(u + " -> " + v + " in fallthrough split");
      }
    }
    double controlShare = control / (double) SPLIT_USERS;
    double treatmentShare = treatmentA / (double) SPLIT_USERS;
    if (controlShare < SPLIT_MIN
        || controlShare > SPLIT_MAX
        || treatmentShare < SPLIT_MIN
        || treatmentShare > SPLIT_MAX) {
      errors.add(
          0,
          String.format(
              "fallthrough split control=%d treatment-a=%d of %d, expected 50%% ± 2%% each",
              control, treatmentA, SPLIT_USERS));
    }

    if (!errors.isEmpty()) {
      throw new IllegalStateException(
          "SANITY CHECK FAILED for "
              + name
              + " ("
              + errors.size()
              + " problems), first ones:\n  "
              + String.join("\n  ", errors.subList(0, Math.min(15, errors.size()))));
    }
    String summary =
        String.format(
            "[sanity] %s OK: rule1=%d rule2=%d rule3=%d fallthrough=%d of %d users;"
                + " split over %d: control=%d treatment-a=%d (%.2f%%); %s=true for all (%d misses)",
            name,
            hits[0],
            hits[1],
            hits[2],
            hits[3],
            BENCH_USERS,
            SPLIT_USERS,
            control,
            treatmentA,
            100 * treatmentShare,
            FlagSdk.BOOLEAN_FLAG_KEY,
            booleanMisses);
    System.out.println(summary);
    return summary;
  }

  private static int ruleIndex(User u) {
    if (u.email().endsWith("@example.com")) {
      return 0;
    }
    return "treatment-b".equals(User.expectedByRule(u)) ? 1 : 2;
  }

  private static void expect(FlagSdk<Object> sdk, User u, String expected, List<String> errors) {
    String actual = sdk.evaluate(sdk.context(u));
    if (!expected.equals(actual)) {
      errors.add(u + " -> " + actual + ", expected " + expected);
    }
  }
}
