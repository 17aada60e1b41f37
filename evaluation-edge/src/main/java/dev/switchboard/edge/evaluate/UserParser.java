package dev.switchboard.edge.evaluate;

import dev.switchboard.bucketing.User;
import dev.switchboard.edge.web.EdgeException;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads the user of an evaluation request (docs/edge-api.md): {@code id} (required) and the
 * built-in attributes as strings, {@code custom} an object of strings, numbers and booleans.
 * Anything else is a 400 that names the field, so a caller's mistake is never silently evaluated as
 * an anonymous user.
 *
 * <p>A well-formed user is read with one pass of the streaming parser, without building a tree.
 * Anything unusual (a syntax error, a wrong type, an unknown or repeated field, trailing content, a
 * {@code custom} near its limit) is handed to {@link #parseTree}, the reference reading, so every
 * answer it gives (the user, or the 400 and its wording) is exactly the reference's.
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
    User user = parsePlain(body);
    return user != null ? user : parseTree(body);
  }

  /**
   * The user in one streaming pass, or {@code null} when the body is anything but a plain, valid
   * user: then {@link #parseTree} gives the exact answer.
   */
  @Nullable User parsePlain(byte[] body) {
    try (JsonParser parser = json.createParser(body)) {
      return stream(parser);
    } catch (JacksonException e) {
      return null;
    }
  }

  private static @Nullable User stream(JsonParser parser) {
    if (parser.nextToken() != JsonToken.START_OBJECT) {
      return null;
    }
    String id = null;
    String email = null;
    String name = null;
    String country = null;
    String platform = null;
    String platformVersion = null;
    String appVersion = null;
    boolean custom = false;
    // Custom attributes are collected in a small flat array first: the id, which the builder
    // needs, may come after them.
    Object[] attributes = null;
    int attributeCount = 0;
    int seen = 0; // one bit per built-in field, so that a repeated one goes to the reference
    for (JsonToken token = parser.nextToken();
        token != JsonToken.END_OBJECT;
        token = parser.nextToken()) {
      String field = parser.currentName();
      JsonToken value = parser.nextToken();
      int bit;
      switch (field) {
        case "id" -> bit = 1;
        case "email" -> bit = 2;
        case "name" -> bit = 4;
        case "country" -> bit = 8;
        case "platform" -> bit = 16;
        case "platformVersion" -> bit = 32;
        case "appVersion" -> bit = 64;
        case "custom" -> bit = 128;
        default -> {
          return null;
        }
      }
      if ((seen & bit) != 0) {
        return null;
      }
      seen |= bit;
      if (bit == 128) {
        if (value == JsonToken.VALUE_NULL) {
          continue;
        }
        if (value != JsonToken.START_OBJECT) {
          return null;
        }
        custom = true;
        for (JsonToken t = parser.nextToken(); t != JsonToken.END_OBJECT; t = parser.nextToken()) {
          String key = parser.currentName();
          JsonToken v = parser.nextToken();
          Object attribute;
          switch (v) {
            case VALUE_STRING -> attribute = parser.getString();
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> attribute = parser.getDoubleValue();
            case VALUE_TRUE -> attribute = Boolean.TRUE;
            case VALUE_FALSE -> attribute = Boolean.FALSE;
            case VALUE_NULL -> attribute = null;
            default -> {
              return null;
            }
          }
          if (attributeCount == MAX_CUSTOM_ATTRIBUTES) {
            return null; // at the limit: the reference counts distinct names
          }
          if (attributes == null) {
            attributes = new Object[16];
          } else if (attributes.length == attributeCount * 2) {
            attributes = java.util.Arrays.copyOf(attributes, attributes.length * 2);
          }
          attributes[attributeCount * 2] = key;
          attributes[attributeCount * 2 + 1] = attribute;
          attributeCount++;
        }
        continue;
      }
      if (value == JsonToken.VALUE_NULL && bit != 1) {
        continue;
      }
      if (value != JsonToken.VALUE_STRING) {
        return null;
      }
      String text = parser.getString();
      switch (bit) {
        case 1 -> id = text;
        case 2 -> email = text;
        case 4 -> name = text;
        case 8 -> country = text;
        case 16 -> platform = text;
        case 32 -> platformVersion = text;
        default -> appVersion = text;
      }
    }
    if (parser.nextToken() != null) {
      return null; // trailing content: the reference decides whether that is allowed
    }
    if (id == null || id.isEmpty() || id.length() > MAX_ID_LENGTH) {
      return null;
    }
    User.Builder user =
        User.builder(id)
            .email(email)
            .name(name)
            .country(country)
            .platform(platform)
            .platformVersion(platformVersion)
            .appVersion(appVersion);
    if (custom) {
      for (int i = 0; i < attributeCount; i++) {
        String key = (String) attributes[i * 2];
        Object attribute = attributes[i * 2 + 1];
        if (attribute instanceof String text) {
          user.attribute(key, text);
        } else if (attribute instanceof Double number) {
          user.attribute(key, number.doubleValue());
        } else if (attribute instanceof Boolean flag) {
          user.attribute(key, flag.booleanValue());
        } else {
          user.attribute(key, (String) null);
        }
      }
    }
    return user.build();
  }

  /**
   * The reference reading, over a Jackson tree: every rule of docs/edge-api.md with the wording of
   * its 400s, in the order they are checked.
   */
  User parseTree(byte[] body) {
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
