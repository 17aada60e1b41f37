package dev.switchboard.benchmarks;

/**
 * Adapter each engine under test implements, as in the peer benchmark: {@link #start()} builds the
 * client offline and waits until it is ready; {@link #context(User)} converts a user into the
 * engine's own context type once, outside the measured loop; {@link #evaluate(Object)} and {@link
 * #evaluateBoolean(Object)} are the measured calls.
 *
 * @param <C> the engine's per-user evaluation context type
 */
public abstract class FlagSdk<C> implements AutoCloseable {
  /** The A/B flag of the scenario (and, in Switchboard, its string variable). */
  public static final String FLAG_KEY = "new-checkout";

  /** Returned when the flag is missing; never a valid answer, so the sanity check catches it. */
  public static final String FALLBACK = "sdk-default";

  /** The on/off boolean flag, served {@code true} to everyone. */
  public static final String BOOLEAN_FLAG_KEY = "dark-mode";

  /** Builds the client and waits until it has loaded its flag configuration. */
  public abstract void start() throws Exception;

  /** Converts a user into the engine's context type (done before measurement). */
  public abstract C context(User user);

  /** Evaluates {@link #FLAG_KEY} for one context and returns the string value. */
  public abstract String evaluate(C context);

  /** Evaluates {@link #BOOLEAN_FLAG_KEY} for one context with default {@code false}. */
  public abstract boolean evaluateBoolean(C context);

  @Override
  public void close() throws Exception {}
}
