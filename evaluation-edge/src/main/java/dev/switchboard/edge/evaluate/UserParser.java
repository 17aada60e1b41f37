package dev.switchboard.edge.evaluate;

import dev.switchboard.bucketing.User;
import dev.switchboard.edge.web.EdgeException;
import java.util.Map;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads the user of an evaluation request (docs/edge-api.md): {@code id} (required) and the
 * built-in attributes as strings, {@code custom} an object of strings, numbers and booleans.
 * Anything else is a 400 that names the field, so a caller's mistake is never silently evaluated as
 * an anonymous user.
 */
final class UserParser {
  static final int MAX_ID_LENGTH = 1024;
  static final int MAX_CUSTOM_ATTRIBUTES = 200;
  private static final Set<String> BUILT_IN =
      Set.of("id", "email", "name", "country", "platform", "platformVersion", "appVersion");

  private final JsonMapper json;

  UserParser(JsonMapper json) {
    this.json = json;
  }

  User parse(byte[] body) {
    if (body.length == 0) {
      throw EdgeException.badRequest(
          "the request body must be a user object, for example {\"id\":\"user-1\"}");
    }
    JsonNode root;
    try {
      root = json.readTree(body);
    } catch (JacksonException e) {
      throw EdgeException.badRequest("malformed JSON: " + e.getOriginalMessage());
    }
    if (root == null || !root.isObject()) {
      throw EdgeException.badRequest("the request body must be a JSON object (the user)");
    }
    JsonNode id = root.get("id");
    if (id == null || !id.isString() || id.stringValue().isEmpty()) {
      throw EdgeException.badRequest("'id' is required and must be a non-empty string");
    }
    if (id.stringValue().length() > MAX_ID_LENGTH) {
      throw EdgeException.badRequest("'id' is longer than " + MAX_ID_LENGTH + " characters");
    }
    User.Builder user = User.builder(id.stringValue());
    for (Map.Entry<String, JsonNode> field : root.properties()) {
      String name = field.getKey();
      JsonNode value = field.getValue();
      if (name.equals("id")) {
        continue;
      }
      if (name.equals("custom")) {
        custom(user, value);
        continue;
      }
      if (!BUILT_IN.contains(name)) {
        throw EdgeException.badRequest(
            "unknown field '"
                + name
                + "': custom attributes go in 'custom', built-in ones are "
                + BUILT_IN);
      }
      if (value.isNull()) {
        continue;
      }
      if (!value.isString()) {
        throw EdgeException.badRequest("'" + name + "' must be a string");
      }
      String text = value.stringValue();
      switch (name) {
        case "email" -> user.email(text);
        case "name" -> user.name(text);
        case "country" -> user.country(text);
        case "platform" -> user.platform(text);
        case "platformVersion" -> user.platformVersion(text);
        case "appVersion" -> user.appVersion(text);
        default -> throw new IllegalStateException(name);
      }
    }
    return user.build();
  }

  private static void custom(User.Builder user, JsonNode custom) {
    if (custom.isNull()) {
      return;
    }
    if (!custom.isObject()) {
      throw EdgeException.badRequest("'custom' must be an object");
    }
    if (custom.size() > MAX_CUSTOM_ATTRIBUTES) {
      throw EdgeException.badRequest(
          "'custom' has more than " + MAX_CUSTOM_ATTRIBUTES + " attributes");
    }
    for (Map.Entry<String, JsonNode> field : custom.properties()) {
      JsonNode value = field.getValue();
      if (value.isString()) {
        user.attribute(field.getKey(), value.stringValue());
      } else if (value.isNumber()) {
        user.attribute(field.getKey(), value.doubleValue());
      } else if (value.isBoolean()) {
        user.attribute(field.getKey(), value.booleanValue());
      } else if (!value.isNull()) {
        throw EdgeException.badRequest(
            "'custom." + field.getKey() + "' must be a string, number or boolean");
      }
    }
  }
}
