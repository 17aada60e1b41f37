package dev.switchboard.management.outbox;

import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/** Wakes this instance's relay right after a transaction that wrote outbox rows commits. */
@Component
public class OutboxWakeUp {
  private final OutboxRelay relay;

  OutboxWakeUp(OutboxRelay relay) {
    this.relay = relay;
  }

  /** Call inside the writing transaction; the relay runs once it has committed. */
  public void afterCommit() {
    TransactionSynchronizationManager.registerSynchronization(
        new TransactionSynchronization() {
          @Override
          public void afterCommit() {
            relay.wakeUp();
          }
        });
  }
}
