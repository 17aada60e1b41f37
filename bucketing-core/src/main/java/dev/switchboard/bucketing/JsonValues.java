package dev.switchboard.bucketing;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/** Turns JSON variable values into plain immutable Java, so no Jackson type leaks to callers. */
final class JsonValues {
  private JsonValues() {}

  /**
   * Objects become unmodifiable {@code Map}s (in document order), arrays unmodifiable {@code
   * List}s, integers that fit become {@link Long}, other numbers {@link Double}, {@code null} stays
   * {@code null}.
   */
  static @Nullable Object toJava(JsonNode node) {
    if (node.isObject()) {
      Map<String, @Nullable Object> map = new LinkedHashMap<>();
      for (Map.Entry<String, JsonNode> entry : node.properties()) {
        map.put(entry.getKey(), toJava(entry.getValue()));
      }
      return Collections.unmodifiableMap(map);
    }
    if (node.isArray()) {
      List<@Nullable Object> list = new ArrayList<>(node.size());
      for (JsonNode element : node.values()) {
        list.add(toJava(element));
      }
      return Collections.unmodifiableList(list);
    }
    if (node.isString()) {
      return node.stringValue();
    }
    if (node.isBoolean()) {
      return node.booleanValue();
    }
    if (node.isIntegralNumber() && node.canConvertToLong()) {
      return node.longValue();
    }
    if (node.isNumber()) {
      return node.doubleValue();
    }
    return null;
  }
}
