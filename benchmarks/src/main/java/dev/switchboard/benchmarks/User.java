package dev.switchboard.benchmarks;

/**
 * One benchmark user as every engine sees it: a key plus four string attributes. {@link
 * #benchUsers(int)} builds the shared population; {@link #expectedByRule(User)} is the reference
 * implementation of rules 1-3 used by the sanity checks.
 *
 * <p>Copied from the peer benchmark ({@code /work/shared/peer-bench}, {@code bench/User.java}) so
 * that both engines see exactly the same users as the published LaunchDarkly figures.
 */
public record User(String key, String email, String country, String appVersion, String plan) {

  private static final String[] COUNTRIES = {"DE", "FR", "NL", "US", "GB"};

  /** 2.2.0 fails ">= 2.3.0", 2.3.0 is the boundary, 2.10.0 catches lexicographic comparison. */
  private static final String[] VERSIONS = {"2.4.0", "2.2.0", "2.10.0", "2.3.0"};

  /**
   * Users "user-0".."user-(n-1)": email @example.com for i%7==0, country by i%5, version by
   * (i/5)%4, enterprise for i%11==0.
   */
  public static User[] benchUsers(int n) {
    User[] users = new User[n];
    for (int i = 0; i < n; i++) {
      String key = "user-" + i;
      String email = (i % 7 == 0) ? key + "@example.com" : key + "@mail.test";
      String country = COUNTRIES[i % 5];
      String appVersion = VERSIONS[(i / 5) % VERSIONS.length];
      String plan = (i % 11 == 0) ? "enterprise" : (i % 3 == 0 ? "pro" : "free");
      users[i] = new User(key, email, country, appVersion, plan);
    }
    return users;
  }

  /** A user that matches none of rules 1-3, so it always lands in the 50/50 fallthrough split. */
  public static User fallthroughOnly(int i) {
    return new User("split-" + i, "split-" + i + "@mail.test", "US", "2.4.0", "free");
  }

  /** Value that rules 1-3 dictate, or null when the user falls through to the percentage split. */
  public static String expectedByRule(User u) {
    if (u.email().endsWith("@example.com")) {
      return "treatment-a";
    }
    boolean euCountry =
        u.country().equals("DE") || u.country().equals("FR") || u.country().equals("NL");
    if (euCountry && compareSemver(u.appVersion(), "2.3.0") >= 0) {
      return "treatment-b";
    }
    if (u.plan().equals("enterprise")) {
      return "control";
    }
    return null;
  }

  /** Plain MAJOR.MINOR.PATCH comparison (all versions used here are of that form). */
  static int compareSemver(String a, String b) {
    String[] pa = a.split("\\.");
    String[] pb = b.split("\\.");
    for (int i = 0; i < 3; i++) {
      int c = Integer.compare(Integer.parseInt(pa[i]), Integer.parseInt(pb[i]));
      if (c != 0) {
        return c;
      }
    }
    return 0;
  }
}
