package dev.switchboard.objectstore;

import java.util.Arrays;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * An object's bytes as stored, with the HTTP metadata a CDN serves with them.
 *
 * @param body the stored bytes (compressed when {@code contentEncoding} says so)
 * @param contentType for example {@code application/json}
 * @param contentEncoding {@code gzip}, or {@code null} for identity
 */
public record StoredObject(byte[] body, String contentType, @Nullable String contentEncoding) {
  public StoredObject {
    Objects.requireNonNull(body, "body");
    Objects.requireNonNull(contentType, "contentType");
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof StoredObject that
        && Arrays.equals(body, that.body)
        && contentType.equals(that.contentType)
        && Objects.equals(contentEncoding, that.contentEncoding);
  }

  @Override
  public int hashCode() {
    return Objects.hash(Arrays.hashCode(body), contentType, contentEncoding);
  }

  @Override
  public String toString() {
    return "StoredObject[" + body.length + " bytes, " + contentType + ", " + contentEncoding + "]";
  }
}
