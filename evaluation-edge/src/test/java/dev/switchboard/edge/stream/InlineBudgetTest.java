package dev.switchboard.edge.stream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.bucketing.ErrorCode;
import dev.switchboard.bucketing.Evaluator;
import dev.switchboard.contracts.SdkType;
import dev.switchboard.edge.catalogue.HeldConfig;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class InlineBudgetTest {

  @Test
  void aDocumentTravelsInTheEventUntilTheStreamsWouldTakeMoreThanTheBudget() {
    byte[] withDocument =
        ("event: config-updated\nid: 3\ndata: {\"version\":3,\"etag\":\"e\",\"document\":{\"p\":\""
                + "x".repeat(4000)
                + "\"}}\n\n")
            .getBytes(StandardCharsets.UTF_8);
    HeldConfig config = held(withDocument);
    int fits = (int) (StreamHub.INLINE_BUDGET_BYTES / withDocument.length);

    assertThat(StreamHub.frame(config, 1)).isSameAs(withDocument);
    assertThat(StreamHub.frame(config, fits)).isSameAs(withDocument);
    assertThat(StreamHub.frame(config, fits + 1)).isEqualTo(HeldConfig.updateFrame(3, "e"));
  }

  private static HeldConfig held(byte[] frame) {
    return new HeldConfig(
        "env:server",
        "env",
        "shop",
        "production",
        SdkType.SERVER,
        3,
        "e",
        "\"e\"",
        new byte[0],
        new byte[0],
        Evaluator.withoutConfig(ErrorCode.PROVIDER_NOT_READY),
        frame,
        Instant.EPOCH);
  }
}
