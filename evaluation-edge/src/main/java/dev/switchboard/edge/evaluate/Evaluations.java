package dev.switchboard.edge.evaluate;

import dev.switchboard.bucketing.User;
import dev.switchboard.bucketing.VariableType;
import dev.switchboard.contracts.SdkType;
import dev.switchboard.edge.catalogue.Catalogue;
import dev.switchboard.edge.catalogue.HeldConfig;
import dev.switchboard.edge.catalogue.KeyGrant;
import dev.switchboard.edge.web.EdgeException;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * The evaluation APIs' checks, in the order docs/edge-api.md answers them (401, then 403 for a
 * browser origin, 503, 404, then the body's 413 and 400), shared by the direct routes and the
 * annotated controller.
 */
@Component
final class Evaluations {
  private final Catalogue catalogue;
  private final UserParser users;

  Evaluations(Catalogue catalogue, JsonMapper json) {
    this.catalogue = catalogue;
    this.users = new UserParser(json);
  }

  /** The key's grant: 401 for a missing, unknown, revoked, expired or wrong-type key. */
  KeyGrant grant(@Nullable String key, SdkType type) {
    KeyGrant grant = catalogue.authorize(key, type);
    if (grant == null) {
      throw EdgeException.unauthorized();
    }
    return grant;
  }

  /** The document the grant reads: 503 while it is not loaded. */
  HeldConfig held(KeyGrant grant) {
    HeldConfig config = catalogue.held(grant.recordKey());
    if (config == null) {
      throw EdgeException.notReady();
    }
    return config;
  }

  /** The variable's type: 404 when the environment has no such variable. */
  static VariableType variableType(HeldConfig config, String key) {
    VariableType type = config.config().variableType(key);
    if (type == null) {
      throw new EdgeException(
          HttpStatus.NOT_FOUND,
          "variable-not-found",
          "no variable '" + key + "' in this environment");
    }
    return type;
  }

  /** The user in a request body: 400 naming the mistake. */
  User user(byte[] body) {
    return users.parse(body);
  }
}
