package dev.switchboard.edge.config;

import dev.switchboard.contracts.SdkType;
import dev.switchboard.edge.EdgeProperties;
import dev.switchboard.edge.catalogue.Catalogue;
import dev.switchboard.edge.catalogue.HeldConfig;
import dev.switchboard.edge.catalogue.KeyGrant;
import dev.switchboard.edge.web.EdgeException;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * The config download's rules (docs/sse.md), shared by its direct route and its annotated
 * controller: which document a file name reads, and the {@code If-None-Match} and {@code
 * Accept-Encoding} decisions.
 */
@Component
final class ServerDocuments {
  static final String SUFFIX = ".json";

  private final Catalogue catalogue;
  private final String cacheControl;

  ServerDocuments(Catalogue catalogue, EdgeProperties properties) {
    this.catalogue = catalogue;
    this.cacheControl = properties.configCacheControl();
  }

  /** The {@code Cache-Control} of documents and their 304s. */
  String cacheControl() {
    return cacheControl;
  }

  /**
   * The document {@code file} ({@code <serverKey>.json}) reads: 401 for an unknown, revoked,
   * expired or client key, 503 while it is not loaded.
   */
  HeldConfig held(String file) {
    String key = file.endsWith(SUFFIX) ? file.substring(0, file.length() - SUFFIX.length()) : null;
    KeyGrant grant = catalogue.authorize(key, SdkType.SERVER);
    if (grant == null) {
      throw EdgeException.unauthorized();
    }
    HeldConfig config = catalogue.held(grant.recordKey());
    if (config == null) {
      throw EdgeException.notReady();
    }
    return config;
  }

  /**
   * RFC 9110 §13.1.2: a list of entity tags or {@code *}, compared weakly (a {@code W/} prefix is
   * ignored), as caches revalidating a gzip variant may send it. Every SDK poll asks this, so it
   * reads the header in place rather than splitting it.
   */
  static boolean matches(String ifNoneMatch, String etag) {
    int length = ifNoneMatch.length();
    int start = 0;
    while (start <= length) {
      int end = ifNoneMatch.indexOf(',', start);
      if (end < 0) {
        end = length;
      }
      int from = start;
      int to = end;
      while (from < to && ifNoneMatch.charAt(from) <= ' ') { // as String.trim
        from++;
      }
      while (to > from && ifNoneMatch.charAt(to - 1) <= ' ') {
        to--;
      }
      if (to - from == 1 && ifNoneMatch.charAt(from) == '*') {
        return true;
      }
      if (ifNoneMatch.startsWith("W/", from)) {
        from += 2;
      }
      if (to - from == etag.length() + 2
          && ifNoneMatch.charAt(from) == '"'
          && ifNoneMatch.charAt(to - 1) == '"'
          && ifNoneMatch.regionMatches(from + 1, etag, 0, etag.length())) {
        return true;
      }
      start = end + 1;
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
