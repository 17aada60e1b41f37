package dev.switchboard.configservice.snapshot;

/** management-api could not be reached or answered something other than expected; retryable. */
public class ManagementApiException extends RuntimeException {
  public ManagementApiException(String message, Throwable cause) {
    super(message, cause);
  }

  public ManagementApiException(String message) {
    super(message);
  }
}
