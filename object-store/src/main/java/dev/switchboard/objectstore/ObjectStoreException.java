package dev.switchboard.objectstore;

/**
 * The object store failed (unreachable, bucket missing, disk full, …); the operation may be
 * retried.
 */
public class ObjectStoreException extends RuntimeException {
  public ObjectStoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
