package dev.switchboard.configservice;

import dev.switchboard.bucketing.Config;
import dev.switchboard.bucketing.InvalidConfigException;
import dev.switchboard.contracts.ObjectKeys;
import dev.switchboard.contracts.SdkType;
import dev.switchboard.objectstore.ObjectStore;
import dev.switchboard.objectstore.StoredObject;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;
import java.util.zip.GZIPInputStream;

/** Reads stored documents back as an SDK would after downloading them. */
final class Documents {
  private Documents() {}

  /** The uncompressed bytes of the object of an SDK key, if there is one. */
  static Optional<byte[]> bytes(ObjectStore store, SdkType type, String sdkKey) {
    return store.get(ObjectKeys.config(type, sdkKey)).map(Documents::uncompressed);
  }

  /** The parsed document of an SDK key, if there is one. */
  static Optional<Config> config(ObjectStore store, SdkType type, String sdkKey) {
    return bytes(store, type, sdkKey).map(Documents::parse);
  }

  /** The version of the stored document of an SDK key, or -1 when there is none. */
  static long version(ObjectStore store, SdkType type, String sdkKey) {
    return config(store, type, sdkKey).map(Config::version).orElse(-1L);
  }

  static byte[] uncompressed(StoredObject object) {
    if (!"gzip".equals(object.contentEncoding())) {
      return object.body();
    }
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(object.body()))) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Config parse(byte[] bytes) {
    try {
      return Config.parse(bytes);
    } catch (InvalidConfigException e) {
      throw new AssertionError("the stored document is rejected: " + e.getMessage(), e);
    }
  }
}
