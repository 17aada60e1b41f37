package dev.switchboard.edge.config;

import dev.switchboard.contracts.SdkType;
import dev.switchboard.edge.EdgeProperties;
import dev.switchboard.edge.catalogue.Catalogue;
import dev.switchboard.edge.catalogue.HeldConfig;
import dev.switchboard.edge.catalogue.KeyGrant;
import dev.switchboard.edge.web.EdgeException;
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
 */
@RestController
class ConfigController {
  private static final String SUFFIX = ".json";

  private final Catalogue catalogue;
  private final String cacheControl;

  ConfigController(Catalogue catalogue, EdgeProperties properties) {
    this.catalogue = catalogue;
    this.cacheControl = properties.configCacheControl();
  }

  @GetMapping("/sdk/v1/config/server/{file}")
  ResponseEntity<byte[]> serverConfig(
      @PathVariable String file,
      @RequestHeader(name = HttpHeaders.IF_NONE_MATCH, required = false)
          @Nullable String ifNoneMatch,
      @RequestHeader(name = HttpHeaders.ACCEPT_ENCODING, required = false)
          @Nullable String acceptEncoding) {
    String key = file.endsWith(SUFFIX) ? file.substring(0, file.length() - SUFFIX.length()) : null;
    KeyGrant grant = catalogue.authorize(key, SdkType.SERVER);
    if (grant == null) {
      throw EdgeException.unauthorized();
    }
    HeldConfig config = catalogue.held(grant.recordKey());
    if (config == null) {
      throw EdgeException.notReady();
    }
    HttpHeaders headers = new HttpHeaders();
    headers.setETag(config.quotedEtag());
    headers.setCacheControl(cacheControl);
    headers.setVary(List.of(HttpHeaders.ACCEPT_ENCODING));
    if (ifNoneMatch != null && matches(ifNoneMatch, config.etag())) {
      return new ResponseEntity<>(headers, HttpStatus.NOT_MODIFIED);
    }
    headers.setContentType(MediaType.APPLICATION_JSON);
    if (acceptsGzip(acceptEncoding)) {
      headers.set(HttpHeaders.CONTENT_ENCODING, "gzip");
      return new ResponseEntity<>(config.gzip(), headers, HttpStatus.OK);
    }
    return new ResponseEntity<>(config.identity(), headers, HttpStatus.OK);
  }

  /**
   * RFC 9110 §13.1.2: a list of entity tags or {@code *}, compared weakly (a {@code W/} prefix is
   * ignored), as caches revalidating a gzip variant may send it.
   */
  static boolean matches(String ifNoneMatch, String etag) {
    for (String candidate : ifNoneMatch.split(",")) {
      String tag = candidate.trim();
      if (tag.equals("*")) {
        return true;
      }
      if (tag.startsWith("W/")) {
        tag = tag.substring(2);
      }
      if (tag.length() == etag.length() + 2
          && tag.charAt(0) == '"'
          && tag.endsWith("\"")
          && tag.regionMatches(1, etag, 0, etag.length())) {
        return true;
      }
    }
    return false;
  }

  static boolean acceptsGzip(@Nullable String acceptEncoding) {
    if (acceptEncoding == null) {
      return false;
    }
    for (String part : acceptEncoding.split(",")) {
      String[] codingAndParams = part.trim().split(";");
      String coding = codingAndParams[0].trim();
      if (coding.equalsIgnoreCase("gzip") || coding.equals("*")) {
        for (int i = 1; i < codingAndParams.length; i++) {
          String param = codingAndParams[i].replace(" ", "");
          if (param.equals("q=0") || param.matches("q=0\\.0{0,3}")) {
            return false;
          }
        }
        return true;
      }
    }
    return false;
  }
}
