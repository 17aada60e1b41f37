package dev.switchboard.management.change;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.management.ManagementProperties;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionSynchronizationUtils;
import org.springframework.util.unit.DataSize;

class CommittedDocumentsTest {
  private final UUID production = UUID.randomUUID();
  private final UUID staging = UUID.randomUUID();

  private static CommittedDocuments holding(DataSize size) {
    return new CommittedDocuments(
        new ManagementProperties(
            "",
            "",
            1024,
            new ManagementProperties.Outbox(Duration.ofMillis(50), 500, Duration.ofSeconds(10)),
            "http://localhost:8082",
            Duration.ofSeconds(5),
            size));
  }

  @AfterEach
  void noTransaction() {
    if (TransactionSynchronizationManager.isSynchronizationActive()) {
      TransactionSynchronizationManager.clearSynchronization();
    }
  }

  @Test
  void aDocumentIsServedOnlyForItsOwnVersion() {
    CommittedDocuments documents = holding(DataSize.ofMegabytes(1));
    documents.put(production, 7, bytes(10));

    assertThat(documents.get(production, 7)).hasSize(10);
    assertThat(documents.get(production, 6)).isNull();
    assertThat(documents.get(production, 8)).isNull();
    assertThat(documents.get(staging, 7)).isNull();
  }

  @Test
  void anOlderVersionNeverReplacesANewerOne() {
    CommittedDocuments documents = holding(DataSize.ofMegabytes(1));
    documents.put(production, 8, bytes(8));
    documents.put(production, 7, bytes(7)); // a slower commit's callback, arriving late

    assertThat(documents.get(production, 8)).hasSize(8);
    assertThat(documents.get(production, 7)).isNull();

    documents.put(production, 9, bytes(9));
    assertThat(documents.get(production, 9)).hasSize(9);
    assertThat(documents.get(production, 8)).isNull();
  }

  @Test
  void theLeastRecentlyUsedGoFirstWhenTheBytesRunOut() {
    CommittedDocuments documents = holding(DataSize.ofBytes(100));
    UUID third = UUID.randomUUID();
    documents.put(production, 1, bytes(40));
    documents.put(staging, 1, bytes(40));
    documents.get(production, 1); // production is now the more recently used

    documents.put(third, 1, bytes(40));

    assertThat(documents.get(staging, 1)).isNull();
    assertThat(documents.get(production, 1)).isNotNull();
    assertThat(documents.get(third, 1)).isNotNull();
  }

  @Test
  void aDocumentLargerThanTheWholeCacheIsNotHeld() {
    CommittedDocuments documents = holding(DataSize.ofBytes(100));
    documents.put(production, 1, bytes(40));

    documents.put(staging, 1, bytes(101));

    assertThat(documents.get(staging, 1)).isNull();
    assertThat(documents.get(production, 1)).isNotNull();
  }

  @Test
  void aCacheOfZeroBytesHoldsNothing() {
    CommittedDocuments off = holding(DataSize.ofBytes(0));

    off.put(production, 1, bytes(1));

    assertThat(off.get(production, 1)).isNull();
  }

  @Test
  void aWritesDocumentIsHeldOnlyOnceItsTransactionCommitted() {
    CommittedDocuments documents = holding(DataSize.ofMegabytes(1));

    TransactionSynchronizationManager.initSynchronization();
    documents.putAfterCommit(production, 3, bytes(3));
    assertThat(documents.get(production, 3)).isNull(); // not before the commit
    TransactionSynchronizationUtils.invokeAfterCompletion(
        TransactionSynchronizationManager.getSynchronizations(),
        TransactionSynchronization.STATUS_ROLLED_BACK);
    TransactionSynchronizationManager.clearSynchronization();
    assertThat(documents.get(production, 3)).isNull(); // rolled back: never

    TransactionSynchronizationManager.initSynchronization();
    documents.putAfterCommit(production, 3, bytes(4));
    TransactionSynchronizationUtils.triggerAfterCommit();
    TransactionSynchronizationManager.clearSynchronization();
    assertThat(documents.get(production, 3)).hasSize(4);
  }

  @Test
  void aDeletedEnvironmentsDocumentIsDroppedAfterTheCommit() {
    CommittedDocuments documents = holding(DataSize.ofMegabytes(1));
    documents.put(production, 3, bytes(3));

    TransactionSynchronizationManager.initSynchronization();
    documents.removeAfterCommit(production);
    assertThat(documents.get(production, 3)).isNotNull();
    TransactionSynchronizationUtils.triggerAfterCommit();
    TransactionSynchronizationManager.clearSynchronization();

    assertThat(documents.get(production, 3)).isNull();
  }

  private static byte[] bytes(int length) {
    return new byte[length];
  }
}
