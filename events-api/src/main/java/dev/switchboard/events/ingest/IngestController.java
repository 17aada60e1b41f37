package dev.switchboard.events.ingest;

import dev.switchboard.contracts.SdkType;
import dev.switchboard.events.EventsProperties;
import dev.switchboard.events.ingest.EventBatch.CustomEvent;
import dev.switchboard.events.ingest.EventBatch.EvaluationCount;
import dev.switchboard.events.keys.SdkKey;
import dev.switchboard.events.keys.SdkKeys;
import dev.switchboard.events.web.EventsProblem;
import io.micrometer.core.instrument.Timer;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JacksonException;

/**
 * {@code POST /v1/events/batch} (server key) and {@code POST /client/v1/events} (client key): key,
 * size, JSON, validation, de-duplication, then Kafka; 202 only once Kafka acknowledged the batch.
 * Any problem is answered before anything is recorded.
 */
@RestController
class IngestController {
  private final SdkKeys keys;
  private final BatchValidator validator;
  private final Deduplicator deduplicator;
  private final BatchPublisher publisher;
  private final IngestMetrics metrics;
  private final Clock clock;
  private final int maxBytes;

  IngestController(
      SdkKeys keys,
      Deduplicator deduplicator,
      BatchPublisher publisher,
      IngestMetrics metrics,
      EventsProperties properties,
      Clock clock) {
    this.keys = keys;
    this.validator = new BatchValidator(properties);
    this.deduplicator = deduplicator;
    this.publisher = publisher;
    this.metrics = metrics;
    this.clock = clock;
    this.maxBytes = properties.maxBatchBytes();
  }

  /**
   * @param duplicate true when this batch id was accepted before (it is not counted again)
   */
  record Accepted(String batchId, boolean duplicate) {}

  @PostMapping("/v1/events/batch")
  ResponseEntity<Accepted> serverBatch(HttpServletRequest request) {
    return ingest(request, SdkType.SERVER);
  }

  @PostMapping("/client/v1/events")
  ResponseEntity<Accepted> clientBatch(HttpServletRequest request) {
    return ingest(request, SdkType.CLIENT);
  }

  private ResponseEntity<Accepted> ingest(HttpServletRequest request, SdkType endpoint) {
    Timer.Sample sample = Timer.start();
    try {
      ResponseEntity<Accepted> response = accept(request, endpoint);
      sample.stop(metrics.acceptTimer());
      return response;
    } catch (EventsProblem e) {
      metrics.rejected(e.kind());
      throw e;
    }
  }

  private ResponseEntity<Accepted> accept(HttpServletRequest request, SdkType endpoint) {
    SdkKey key = authenticate(request.getHeader("Authorization"), endpoint);
    EventBatch batch = parse(read(request));
    Instant now = clock.instant();
    Timestamps timestamps = new Timestamps();
    validator.validate(batch, now, timestamps);
    checkEnvironment(batch, key);
    String batchId = batch.batchId();
    if (batchId == null) {
      throw new IllegalStateException("validated batches have an id");
    }
    IngestedBatch ingested = rollUp(batch, batchId, key, endpoint, now, timestamps);

    Deduplicator.Claim claim = deduplicator.claim(key.environmentId(), batchId);
    if (claim == Deduplicator.Claim.DONE) {
      metrics.duplicate();
      return ResponseEntity.accepted().body(new Accepted(batchId, true));
    }
    try {
      publisher.publish(ingested);
    } catch (EventsProblem e) {
      if (claim == Deduplicator.Claim.NEW) {
        deduplicator.release(key.environmentId(), batchId);
      }
      throw e;
    }
    if (claim == Deduplicator.Claim.NEW) {
      deduplicator.accepted(key.environmentId(), batchId);
    }
    metrics.accepted(
        batch.evaluations() == null ? 0 : batch.evaluations().size(),
        batch.custom() == null ? 0 : batch.custom().size(),
        ingested.unknownVariables().size());
    return ResponseEntity.accepted().body(new Accepted(batchId, false));
  }

  private SdkKey authenticate(@Nullable String header, SdkType endpoint) {
    String presented = header == null ? "" : header.trim();
    if (presented.regionMatches(true, 0, "Bearer ", 0, 7)) {
      presented = presented.substring(7).trim();
    }
    if (presented.isEmpty()) {
      throw unauthenticated(endpoint);
    }
    SdkKey key = keys.find(presented).orElseThrow(() -> unauthenticated(endpoint));
    if (key.type() != endpoint) {
      throw new EventsProblem(
          HttpStatus.FORBIDDEN,
          "wrong-key-type",
          "this endpoint takes a "
              + endpoint.wireName()
              + " key; a "
              + key.type().wireName()
              + " key sends to "
              + (key.type() == SdkType.SERVER ? "/v1/events/batch" : "/client/v1/events"));
    }
    return key;
  }

  private static EventsProblem unauthenticated(SdkType endpoint) {
    return new EventsProblem(
        HttpStatus.UNAUTHORIZED,
        "unauthenticated",
        "a valid " + endpoint.wireName() + " SDK key is required: Authorization: <key>");
  }

  private byte[] read(HttpServletRequest request) {
    long declared = request.getContentLengthLong();
    if (declared > maxBytes) {
      throw tooLarge();
    }
    String encoding = request.getHeader("Content-Encoding");
    boolean gzip = encoding != null && encoding.trim().equalsIgnoreCase("gzip");
    if (encoding != null && !gzip && !encoding.trim().equalsIgnoreCase("identity")) {
      throw new EventsProblem(
          HttpStatus.UNSUPPORTED_MEDIA_TYPE,
          "unsupported-encoding",
          "Content-Encoding must be gzip or identity");
    }
    try (InputStream body =
        gzip ? new GZIPInputStream(request.getInputStream()) : request.getInputStream()) {
      // one byte more than allowed tells "too large" from "exactly the limit"
      byte[] bytes = body.readNBytes(maxBytes + 1);
      if (bytes.length > maxBytes) {
        throw tooLarge();
      }
      return bytes;
    } catch (ZipException e) {
      throw EventsProblem.badRequest("bad-request", "the body is not valid gzip");
    } catch (IOException e) {
      throw EventsProblem.badRequest("bad-request", "the body could not be read: " + e);
    }
  }

  private EventsProblem tooLarge() {
    return new EventsProblem(
        HttpStatus.CONTENT_TOO_LARGE,
        "too-large",
        "a batch is at most " + maxBytes + " bytes (after decompression): split it");
  }

  private static EventBatch parse(byte[] body) {
    if (body.length == 0) {
      throw EventsProblem.badRequest("bad-request", "the body is empty; a JSON batch is expected");
    }
    try {
      EventBatch batch = BatchReader.read(body);
      if (batch == null) {
        throw EventsProblem.badRequest("bad-request", "the body must be a JSON object");
      }
      return batch;
    } catch (JacksonException e) {
      throw EventsProblem.badRequest(
          "bad-request",
          "malformed batch: " + e.getOriginalMessage() + " at " + e.getPathReference());
    }
  }

  private static void checkEnvironment(EventBatch batch, SdkKey key) {
    boolean foreignProject = batch.project() != null && !batch.project().equals(key.projectKey());
    boolean foreignEnvironment =
        batch.environment() != null && !batch.environment().equals(key.environmentKey());
    if (foreignProject || foreignEnvironment) {
      throw new EventsProblem(
          HttpStatus.FORBIDDEN,
          "foreign-environment",
          "the batch names project '"
              + batch.project()
              + "', environment '"
              + batch.environment()
              + "', but the key belongs to another environment");
    }
  }

  private record EvaluationKey(
      String variable, @Nullable String variation, String reason, long minute) {}

  private record UnknownKey(String variable, long minute) {}

  /** Sums the counts per variable, variation, reason and minute (of {@code from}). */
  private static IngestedBatch rollUp(
      EventBatch batch,
      String batchId,
      SdkKey key,
      SdkType endpoint,
      Instant now,
      Timestamps timestamps) {
    Map<EvaluationKey, long[]> known = new HashMap<>();
    Map<UnknownKey, long[]> unknown = new HashMap<>();
    List<@Nullable EvaluationCount> evaluations = batch.evaluations();
    if (evaluations != null) {
      for (EvaluationCount count : evaluations) {
        Instant from =
            count == null || count.from() == null ? null : timestamps.parse(count.from());
        if (count == null || from == null || count.count() == null) {
          continue; // validated before: cannot happen
        }
        long minute = Math.floorDiv(from.getEpochSecond(), 60) * 60;
        String variable = count.variable();
        if (variable == null || count.reason() == null) {
          continue;
        }
        if (key.variables().contains(variable)) {
          known
                  .computeIfAbsent(
                      new EvaluationKey(variable, count.variation(), count.reason(), minute),
                      k -> new long[1])[0] +=
              count.count();
        } else {
          unknown.computeIfAbsent(new UnknownKey(variable, minute), k -> new long[1])[0] +=
              count.count();
        }
      }
    }
    List<IngestedBatch.Evaluation> rolledUp = new ArrayList<>(known.size());
    known.forEach(
        (k, n) ->
            rolledUp.add(
                new IngestedBatch.Evaluation(
                    k.variable(), k.variation(), k.reason(), k.minute(), n[0])));
    List<IngestedBatch.UnknownVariable> unknownVariables = new ArrayList<>(unknown.size());
    unknown.forEach(
        (k, n) ->
            unknownVariables.add(
                new IngestedBatch.UnknownVariable(k.variable(), k.minute(), n[0])));
    List<IngestedBatch.Custom> custom = new ArrayList<>();
    if (batch.custom() != null) {
      for (CustomEvent event : batch.custom()) {
        Instant timestamp =
            event == null || event.timestamp() == null ? null : timestamps.parse(event.timestamp());
        if (event == null || event.key() == null || timestamp == null) {
          continue;
        }
        custom.add(
            new IngestedBatch.Custom(
                event.key(),
                event.userId(),
                event.value(),
                event.metadata() == null || event.metadata().isNull() ? null : event.metadata(),
                timestamp));
      }
    }
    return new IngestedBatch(
        IngestedBatch.SCHEMA_VERSION,
        key.environmentId(),
        batchId,
        now,
        endpoint.wireName(),
        rolledUp,
        unknownVariables,
        custom);
  }
}
