package dev.switchboard.edge.web;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;
import org.springframework.stereotype.Component;

/**
 * Request latency of the direct routes, as the same meter WebFlux's observation records for every
 * other request ({@code http.server.requests}, with its tags), so dashboards see one metric by
 * endpoint whichever path served it. A timer per endpoint and outcome is looked up once and then
 * only recorded into: far cheaper than an observation per request.
 */
@Component
public final class RequestTimers {
  static final String NAME = "http.server.requests";

  private final MeterRegistry meters;

  RequestTimers(MeterRegistry meters) {
    this.meters = meters;
  }

  /** The timers of one endpoint: {@code method} and {@code uri} as WebFlux tags them. */
  public Endpoint endpoint(String method, String uri) {
    return new Endpoint(meters, method, uri);
  }

  /** One endpoint's timers, one per status. */
  public static final class Endpoint {
    private final MeterRegistry meters;
    private final String method;
    private final String uri;
    private final Timer[] byStatus = new Timer[600];

    Endpoint(MeterRegistry meters, String method, String uri) {
      this.meters = meters;
      this.method = method;
      this.uri = uri;
    }

    /**
     * Records one request. Refusals are answered, not thrown, so their {@code exception} and {@code
     * error} tags are {@code none}, as WebFlux tags requests its exception handler answers.
     *
     * @param status the status answered
     * @param cancelled whether the client went away before the answer was complete
     * @param nanos how long it took
     */
    public void record(int status, boolean cancelled, long nanos) {
      timer(status, cancelled).record(nanos, TimeUnit.NANOSECONDS);
    }

    private Timer timer(int status, boolean cancelled) {
      boolean cached = !cancelled && status >= 100 && status < 600;
      if (cached) {
        Timer timer = byStatus[status];
        if (timer != null) {
          return timer;
        }
      }
      String outcome = cancelled ? "UNKNOWN" : outcome(status);
      Timer timer =
          Timer.builder(NAME)
              .tag("method", method)
              .tag("uri", uri)
              .tag("status", String.valueOf(status))
              .tag("outcome", outcome)
              .tag("exception", "none")
              .tag("error", "none")
              .register(meters);
      if (cached) {
        byStatus[status] = timer; // a racing thread registers the same timer: harmless
      }
      return timer;
    }

    private static String outcome(int status) {
      if (status < 200) {
        return "INFORMATIONAL";
      }
      if (status < 300) {
        return "SUCCESS";
      }
      if (status < 400) {
        return "REDIRECTION";
      }
      if (status < 500) {
        return "CLIENT_ERROR";
      }
      return "SERVER_ERROR";
    }
  }
}
