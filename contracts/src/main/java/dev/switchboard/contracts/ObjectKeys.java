package dev.switchboard.contracts;

/**
 * Where config documents live in the object store (the CDN origin). One object per valid SDK key,
 * so a CDN can serve {@code config/v1/server/{serverKey}.json} with the key as the secret in the
 * path; a rotated key keeps its object until it expires, a revoked key's object is deleted.
 */
public final class ObjectKeys {
  private ObjectKeys() {}

  /**
   * {@code config/v1/{type}/{sdkKey}.json}, for example {@code config/v1/server/server-abc.json}.
   */
  public static String config(SdkType type, String sdkKey) {
    return "config/v1/" + type.wireName() + "/" + sdkKey + ".json";
  }

  /**
   * The record key of {@link Topics#CONFIG_PUBLISHED}: {@code {environmentId}:{type}}, so
   * compaction keeps the newest announcement per environment and SDK type.
   */
  public static String publishedRecordKey(String environmentId, SdkType type) {
    return environmentId + ":" + type.wireName();
  }
}
