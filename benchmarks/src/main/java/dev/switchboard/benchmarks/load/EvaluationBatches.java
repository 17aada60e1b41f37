package dev.switchboard.benchmarks.load;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * EventsApiLoad's batches: 1,000 distinct (variable, variation, reason, minute) counts each, as an
 * SDK sends after aggregating, and the tally of what the accepted ones held.
 *
 * <p>A batch's text is put together from pieces rendered once (each entry's text up to its count,
 * and per minute the text after it), and its counts follow from its id, so the driver allocates
 * little more than the body itself: at 100 batches/s, rendering each entry afresh and keeping a map
 * of counts per batch made ~200 MB/s of garbage, and the driver's collections then delayed sends
 * and their timestamps, which showed up in the latencies it measures. {@link #body} is called from
 * one thread; {@link #countAccepted} from any.
 */
final class EvaluationBatches {
  static final int EVENTS_PER_BATCH = 1000;
  static final int VARIABLES = 50;
  private static final String[] VARIATIONS = {"on", "off"};
  private static final String[] REASONS = {
    "SPLIT", "TARGETING_MATCH", "DEFAULT", "DISABLED", "ERROR"
  };

  /**
   * Distinct (variable, variation, reason) keys; entry {@code i} counts for key {@code i % KEYS}.
   */
  private static final int KEYS = VARIABLES * VARIATIONS.length * REASONS.length;

  private static final int MINUTES = EVENTS_PER_BATCH / KEYS;
  private static final int MAX_COUNT = 97;

  private static final byte[] START = "{\"batchId\":\"load-".getBytes(StandardCharsets.UTF_8);
  private static final byte[] SDK =
      "\",\"sdk\":{\"name\":\"load\",\"version\":\"1\"},\"evaluations\":["
          .getBytes(StandardCharsets.UTF_8);
  private static final byte[] END = "]}".getBytes(StandardCharsets.UTF_8);

  /** Per key, {@code {"variable":…,"count":} (entries of all minutes share it). */
  private final byte[][] heads = new byte[KEYS][];

  private final String[] keys = new String[KEYS];
  private final byte[][] countTexts = new byte[MAX_COUNT + 1][];
  private final AtomicLongArray sent = new AtomicLongArray(KEYS);

  /** The minute the tails were rendered for, and per minute back, {@code ,"from":…,"to":…}} */
  private Instant minute = Instant.EPOCH;

  private byte[][] tails = new byte[MINUTES][];
  private byte[] scratch = new byte[200 * EVENTS_PER_BATCH];

  EvaluationBatches() {
    for (int k = 0; k < KEYS; k++) {
      String variable = "v" + (k % VARIABLES);
      String variation = VARIATIONS[(k / VARIABLES) % VARIATIONS.length];
      String reason = REASONS[k / (VARIABLES * VARIATIONS.length)];
      keys[k] = variable + "|" + variation + "|" + reason;
      heads[k] =
          ("{\"variable\":\"%s\",\"feature\":\"%s\",\"variation\":\"%s\",\"reason\":\"%s\",\"count\":"
                  .formatted(variable, variable, variation, reason))
              .getBytes(StandardCharsets.UTF_8);
    }
    for (int n = 1; n <= MAX_COUNT; n++) {
      countTexts[n] = Integer.toString(n).getBytes(StandardCharsets.UTF_8);
    }
  }

  /** Batch {@code id}'s JSON, its counts in this minute and the one before. */
  byte[] body(long id) {
    Instant now = Instant.now().truncatedTo(ChronoUnit.MINUTES);
    if (!now.equals(minute)) {
      minute = now;
      for (int m = 0; m < MINUTES; m++) {
        Instant from = now.minusSeconds(60L * m);
        tails[m] =
            (",\"from\":\"" + from + "\",\"to\":\"" + from.plusSeconds(10) + "\"}")
                .getBytes(StandardCharsets.UTF_8);
      }
    }
    int at = append(0, START);
    at = append(at, Long.toString(id).getBytes(StandardCharsets.UTF_8));
    at = append(at, SDK);
    for (int i = 0; i < EVENTS_PER_BATCH; i++) {
      if (i > 0) {
        scratch[at++] = ',';
      }
      at = append(at, heads[i % KEYS]);
      at = append(at, countTexts[count(id, i)]);
      at = append(at, tails[i / KEYS]);
    }
    at = append(at, END);
    return Arrays.copyOf(scratch, at);
  }

  /** Adds what batch {@code id} holds to the tally of what was sent (and accepted). */
  void countAccepted(long id) {
    for (int i = 0; i < EVENTS_PER_BATCH; i++) {
      sent.addAndGet(i % KEYS, count(id, i));
    }
  }

  /** The tally per {@code variable|variation|reason}. */
  Map<String, Long> sent() {
    Map<String, Long> tally = new TreeMap<>();
    for (int k = 0; k < KEYS; k++) {
      if (sent.get(k) != 0) {
        tally.put(keys[k], sent.get(k));
      }
    }
    return tally;
  }

  /** Entry {@code i}'s count in batch {@code id}: 1–97, varying so that sums catch a lost batch. */
  private static int count(long id, int i) {
    return (int) (1 + (id + i) % MAX_COUNT);
  }

  private int append(int at, byte[] text) {
    if (at + text.length > scratch.length) {
      scratch = Arrays.copyOf(scratch, 2 * scratch.length);
    }
    System.arraycopy(text, 0, scratch, at, text.length);
    return at + text.length;
  }
}
