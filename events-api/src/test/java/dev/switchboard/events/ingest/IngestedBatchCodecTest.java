package dev.switchboard.events.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The record on the topic reads the same whichever side wrote it: this codec or databind (the
 * producer and consumer before it, still running during a rolling upgrade).
 */
class IngestedBatchCodecTest {
  private static final JsonMapper DATABIND =
      JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

  private static IngestedBatch batch() {
    ObjectNode metadata = JsonNodeFactory.instance.objectNode();
    metadata.put("currency", "EUR");
    metadata.putArray("tags").add(1).add("two");
    List<IngestedBatch.Evaluation> evaluations = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      evaluations.add(
          new IngestedBatch.Evaluation(
              "v" + i, i % 5 == 0 ? null : "on", "SPLIT", 1_764_252_000L + 60 * (i % 2), i + 1));
    }
    return new IngestedBatch(
        IngestedBatch.SCHEMA_VERSION,
        UUID.fromString("3f6c2a8e-2b1d-4c1e-9a57-1f2d3c4b5a69"),
        "batch-1",
        Instant.parse("2026-11-27T14:00:10.123456789Z"),
        "server",
        evaluations,
        List.of(new IngestedBatch.UnknownVariable("typo \"quoted\" é", 1_764_252_000L, 7)),
        List.of(
            new IngestedBatch.Custom(
                "purchase", "user-1", 42.5, metadata, Instant.parse("2026-11-27T14:00:03Z")),
            new IngestedBatch.Custom(
                "signup", null, null, null, Instant.parse("2026-11-27T14:00:04Z"))));
  }

  @Test
  void readsWhatItWrites() {
    IngestedBatch batch = batch();
    assertThat(IngestedBatchCodec.read(IngestedBatchCodec.write(batch))).isEqualTo(batch);
  }

  @Test
  void readsWhatDatabindWrote() {
    IngestedBatch batch = batch();
    assertThat(IngestedBatchCodec.read(DATABIND.writeValueAsBytes(batch))).isEqualTo(batch);
  }

  @Test
  void writesTheJsonDatabindWrites() {
    IngestedBatch batch = batch();
    assertThat(DATABIND.readTree(IngestedBatchCodec.write(batch)))
        .isEqualTo(DATABIND.readTree(DATABIND.writeValueAsBytes(batch)));
  }

  @Test
  void readsInstantsWrittenAsEpochSecondsAndSkipsUnknownFields() {
    String json =
        """
        {"schemaVersion": 1, "environmentId": "3f6c2a8e-2b1d-4c1e-9a57-1f2d3c4b5a69",
         "batchId": "b", "receivedAt": 1764252010.123456789, "keyType": "client",
         "added": {"in": ["a later version"]},
         "evaluations": [{"variable": "v", "variation": null, "reason": "ERROR", "minute": 60,
                          "count": 3, "added": 1}],
         "unknownVariables": [], "custom": []}
        """;
    IngestedBatch batch = IngestedBatchCodec.read(json.getBytes(StandardCharsets.UTF_8));
    assertThat(batch.receivedAt()).isEqualTo(Instant.parse("2025-11-27T14:00:10.123456789Z"));
    assertThat(batch.evaluations())
        .containsExactly(new IngestedBatch.Evaluation("v", null, "ERROR", 60, 3));
  }

  @Test
  void refusesWhatIsNoBatchRecord() {
    assertThatThrownBy(() -> IngestedBatchCodec.read("not json".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(JacksonException.class);
    assertThatThrownBy(() -> IngestedBatchCodec.read("[]".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () ->
                IngestedBatchCodec.read(
                    "{\"schemaVersion\": 1, \"batchId\": \"b\"}".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
