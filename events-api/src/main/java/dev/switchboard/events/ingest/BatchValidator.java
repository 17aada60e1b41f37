package dev.switchboard.events.ingest;

import dev.switchboard.events.EventsProperties;
import dev.switchboard.events.ingest.EventBatch.CustomEvent;
import dev.switchboard.events.ingest.EventBatch.EvaluationCount;
import dev.switchboard.events.web.EventsProblem;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;

/**
 * The rules of docs/events.md. All problems of a batch are reported at once (up to {@link
 * #MAX_ERRORS}) as {@code errors: [{pointer, message}]}; a batch with any problem records nothing.
 */
final class BatchValidator {
  static final int MAX_ERRORS = 20;
  static final int MAX_KEY_LENGTH = 200;
  static final long MAX_COUNT = 1_000_000_000L;
  private static final String EVALUATIONS = "/evaluations/";
  private static final String CUSTOM = "/custom/";

  private final EventsProperties properties;

  /** The oldest and the latest instant a batch may hold. */
  private record Window(Instant oldest, Instant latest) {}

  BatchValidator(EventsProperties properties) {
    this.properties = properties;
  }

  void validate(EventBatch batch, Instant now, Timestamps timestamps) {
    if (batch.size() > properties.maxEventsPerBatch()) {
      throw new EventsProblem(
          HttpStatus.CONTENT_TOO_LARGE,
          "too-many-events",
          "a batch holds at most "
              + properties.maxEventsPerBatch()
              + " evaluation counts and custom events; this one has "
              + batch.size()
              + ": split it");
    }
    Window window =
        new Window(now.minus(properties.maxEventAge()), now.plus(properties.maxClockSkew()));
    List<Map<String, Object>> errors = new ArrayList<>();
    String batchId = batch.batchId();
    if (batchId == null || batchId.isEmpty()) {
      error(errors, "/batchId", "is required: a unique id, the same on every retry");
    } else if (batchId.length() > 100 || !isBatchId(batchId)) {
      error(errors, "/batchId", "must be 1-100 characters of A-Z a-z 0-9 . _ : -");
    }
    List<@Nullable EvaluationCount> evaluations = batch.evaluations();
    if (evaluations != null) {
      for (int i = 0; i < evaluations.size() && errors.size() < MAX_ERRORS; i++) {
        EvaluationCount count = evaluations.get(i);
        if (count == null) {
          error(errors, EVALUATIONS, i, "", "must be an object");
          continue;
        }
        text(errors, EVALUATIONS, i, "/variable", count.variable(), true);
        text(errors, EVALUATIONS, i, "/feature", count.feature(), false);
        text(errors, EVALUATIONS, i, "/variation", count.variation(), false);
        text(errors, EVALUATIONS, i, "/errorCode", count.errorCode(), false);
        String reason = count.reason();
        if (reason == null || reason.isEmpty()) {
          error(
              errors,
              EVALUATIONS,
              i,
              "/reason",
              "is required (TARGETING_MATCH, SPLIT, DEFAULT, ...)");
        } else if (reason.length() > 40 || !isReason(reason)) {
          error(errors, EVALUATIONS, i, "/reason", "must be an upper-case reason such as SPLIT");
        }
        Long n = count.count();
        if (n == null) {
          error(errors, EVALUATIONS, i, "/count", "is required");
        } else if (n < 1 || n > MAX_COUNT) {
          error(
              errors, EVALUATIONS, i, "/count", "must be from 1 to " + MAX_COUNT + "; it is " + n);
        }
        Instant from = time(errors, EVALUATIONS, i, "/from", count.from(), timestamps, window);
        Instant to = time(errors, EVALUATIONS, i, "/to", count.to(), timestamps, window);
        if (from != null && to != null && to.isBefore(from)) {
          error(errors, EVALUATIONS, i, "/to", "must not be before from");
        }
      }
    }
    List<@Nullable CustomEvent> custom = batch.custom();
    if (custom != null) {
      for (int i = 0; i < custom.size() && errors.size() < MAX_ERRORS; i++) {
        CustomEvent event = custom.get(i);
        if (event == null) {
          error(errors, CUSTOM, i, "", "must be an object");
          continue;
        }
        text(errors, CUSTOM, i, "/key", event.key(), true);
        text(errors, CUSTOM, i, "/userId", event.userId(), false);
        Double value = event.value();
        if (value != null && (value.isNaN() || value.isInfinite())) {
          error(errors, CUSTOM, i, "/value", "must be a finite number");
        }
        if (event.metadata() != null
            && !event.metadata().isObject()
            && !event.metadata().isNull()) {
          error(errors, CUSTOM, i, "/metadata", "must be an object");
        }
        time(errors, CUSTOM, i, "/timestamp", event.timestamp(), timestamps, window);
      }
    }
    if (!errors.isEmpty()) {
      throw new EventsProblem(
          HttpStatus.BAD_REQUEST,
          "invalid-batch",
          "the batch is not valid; nothing was recorded",
          Map.of("errors", errors.size() > MAX_ERRORS ? errors.subList(0, MAX_ERRORS) : errors),
          -1);
    }
  }

  private static void text(
      List<Map<String, Object>> errors,
      String list,
      int index,
      String field,
      @Nullable String value,
      boolean required) {
    if (value == null) {
      if (required) {
        error(errors, list, index, field, "is required");
      }
    } else if (value.isEmpty() || value.length() > MAX_KEY_LENGTH) {
      error(errors, list, index, field, "must be 1 to " + MAX_KEY_LENGTH + " characters");
    }
  }

  private @Nullable Instant time(
      List<Map<String, Object>> errors,
      String list,
      int index,
      String field,
      @Nullable String text,
      Timestamps timestamps,
      Window window) {
    Instant value = text == null ? null : timestamps.parse(text);
    if (value == null) {
      error(
          errors,
          list,
          index,
          field,
          "is required: an ISO-8601 instant such as 2026-11-27T14:00:00Z");
    } else if (value.isAfter(window.latest())) {
      error(
          errors,
          list,
          index,
          field,
          "is more than " + properties.maxClockSkew() + " in the future: check the clock");
    } else if (value.isBefore(window.oldest())) {
      error(
          errors,
          list,
          index,
          field,
          "is older than " + properties.maxEventAge() + ": too late to count");
    }
    return value;
  }

  /**
   * The pointer {@code list + index + field} (such as {@code /evaluations/3/count}) is built here,
   * for errors only: a valid batch of 1,000 counts would otherwise build 8,000 strings.
   */
  private static void error(
      List<Map<String, Object>> errors, String list, int index, String field, String message) {
    error(errors, list + index + field, message);
  }

  private static void error(List<Map<String, Object>> errors, String pointer, String message) {
    Map<String, Object> error = new LinkedHashMap<>();
    error.put("pointer", pointer);
    error.put("message", message);
    errors.add(error);
  }

  private static boolean isBatchId(String id) {
    for (int i = 0; i < id.length(); i++) {
      char c = id.charAt(i);
      boolean ok =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || c == '.'
              || c == '_'
              || c == ':'
              || c == '-';
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  private static boolean isReason(String reason) {
    for (int i = 0; i < reason.length(); i++) {
      char c = reason.charAt(i);
      if (!((c >= 'A' && c <= 'Z') || c == '_' || (c >= '0' && c <= '9'))) {
        return false;
      }
    }
    return true;
  }
}
