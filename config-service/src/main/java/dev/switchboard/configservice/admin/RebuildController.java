package dev.switchboard.configservice.admin;

import dev.switchboard.configservice.ConfigServiceProperties;
import dev.switchboard.configservice.snapshot.ManagementApiException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /admin/v1/rebuild} (service token): rebuilds and republishes every environment, and
 * answers what happened. Use it after restoring the object store or to repair a bucket.
 */
@RestController
class RebuildController {
  private final Rebuilds rebuilds;
  private final byte[] token;

  RebuildController(Rebuilds rebuilds, ConfigServiceProperties properties) {
    this.rebuilds = rebuilds;
    this.token = properties.serviceToken().getBytes(StandardCharsets.UTF_8);
  }

  @PostMapping("/admin/v1/rebuild")
  Rebuilds.Result rebuild(
      @RequestHeader(name = "Authorization", required = false) @Nullable String authorization) {
    authenticate(authorization);
    try {
      return rebuilds.rebuildAll();
    } catch (Rebuilds.RebuildRunningException e) {
      throw new AdminException(HttpStatus.CONFLICT, "rebuild-in-progress", e.getMessage());
    } catch (ManagementApiException e) {
      throw new AdminException(
          HttpStatus.BAD_GATEWAY,
          "management-api-unavailable",
          "cannot list the environments: " + e.getMessage());
    }
  }

  private void authenticate(@Nullable String authorization) {
    if (token.length > 0
        && authorization != null
        && authorization.regionMatches(true, 0, "Bearer ", 0, 7)
        && MessageDigest.isEqual(
            authorization.substring(7).trim().getBytes(StandardCharsets.UTF_8), token)) {
      return;
    }
    throw new AdminException(
        HttpStatus.UNAUTHORIZED,
        "unauthenticated",
        "the admin API needs 'Authorization: Bearer <service token>'");
  }
}
