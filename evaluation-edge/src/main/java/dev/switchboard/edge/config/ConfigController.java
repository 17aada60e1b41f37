package dev.switchboard.edge.config;

import dev.switchboard.edge.catalogue.HeldConfig;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /sdk/v1/config/server/{serverKey}.json}: the server document, served like a CDN origin
 * from memory: strong ETag, {@code If-None-Match} → 304, {@code Cache-Control}, gzip when accepted
 * (the stored gzip bytes, never compressed per request).
 *
 * <p>Plain {@code GET}s are answered by {@link ConfigRoute} before they reach WebFlux; this
 * controller answers the rest ({@code HEAD}, encoded paths) with the same rules.
 */
@RestController
class ConfigController {
  private final ServerDocuments documents;

  ConfigController(ServerDocuments documents) {
    this.documents = documents;
  }

  @GetMapping("/sdk/v1/config/server/{file}")
  ResponseEntity<byte[]> serverConfig(
      @PathVariable String file,
      @RequestHeader(name = HttpHeaders.IF_NONE_MATCH, required = false)
          @Nullable String ifNoneMatch,
      @RequestHeader(name = HttpHeaders.ACCEPT_ENCODING, required = false)
          @Nullable String acceptEncoding) {
    HeldConfig config = documents.held(file);
    HttpHeaders headers = new HttpHeaders();
    headers.setETag(config.quotedEtag());
    headers.setCacheControl(documents.cacheControl());
    headers.setVary(List.of(HttpHeaders.ACCEPT_ENCODING));
    if (ifNoneMatch != null && ServerDocuments.matches(ifNoneMatch, config.etag())) {
      return new ResponseEntity<>(headers, HttpStatus.NOT_MODIFIED);
    }
    headers.setContentType(MediaType.APPLICATION_JSON);
    if (ServerDocuments.acceptsGzip(acceptEncoding)) {
      headers.set(HttpHeaders.CONTENT_ENCODING, "gzip");
      return new ResponseEntity<>(config.gzip(), headers, HttpStatus.OK);
    }
    return new ResponseEntity<>(config.identity(), headers, HttpStatus.OK);
  }
}
