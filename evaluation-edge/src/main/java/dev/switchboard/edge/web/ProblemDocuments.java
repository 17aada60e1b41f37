package dev.switchboard.edge.web;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.json.JsonMapper;

/**
 * The problem details document (RFC 7807) of an {@link EdgeException}, written with the streaming
 * generator. {@link ProblemHandler} and the direct routes both answer with it, so a refusal reads
 * the same whichever path served the request; the fields are those (and in the order) Spring's
 * {@code ProblemDetail} serialises to.
 */
@Component
public final class ProblemDocuments {
  private final JsonMapper json;

  ProblemDocuments(JsonMapper json) {
    this.json = json;
  }

  /** The document of {@code e} for a request to {@code instance} (the request's path). */
  public byte[] of(EdgeException e, String instance) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    write(out, e.status(), EdgeException.TYPE_BASE + e.kind(), e.getMessage(), instance);
    return out.toByteArray();
  }

  /** The document of an unexpected failure (500); what failed is logged, never sent. */
  public byte[] unexpected() {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    write(
        out,
        HttpStatus.INTERNAL_SERVER_ERROR,
        EdgeException.TYPE_BASE + "internal",
        "the request failed unexpectedly; it is logged",
        null);
    return out.toByteArray();
  }

  private void write(
      OutputStream out, HttpStatus status, String type, String detail, @Nullable String instance) {
    try (JsonGenerator generator = json.createGenerator(out)) {
      generator.writeStartObject();
      generator.writeStringProperty("detail", detail);
      if (instance != null) {
        generator.writeStringProperty("instance", instance);
      }
      generator.writeNumberProperty("status", status.value());
      generator.writeStringProperty("title", status.getReasonPhrase());
      generator.writeStringProperty("type", type);
      generator.writeEndObject();
    }
  }
}
