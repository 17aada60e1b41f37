package dev.switchboard.objectstore;

import java.util.Objects;

/** Creates the configured {@link ObjectStore}. */
public final class ObjectStores {
  private ObjectStores() {}

  /**
   * The store {@code settings} describe.
   *
   * @throws IllegalArgumentException for an unknown type or missing settings
   */
  public static ObjectStore create(ObjectStoreSettings settings) {
    return switch (settings.type()) {
      case "filesystem" ->
          new FileSystemObjectStore(
              Objects.requireNonNull(settings.directory(), "object-store directory"));
      case "s3" -> S3ObjectStore.create(settings);
      default ->
          throw new IllegalArgumentException(
              "unknown object-store type '" + settings.type() + "' (filesystem or s3)");
    };
  }
}
