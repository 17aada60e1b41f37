package dev.switchboard.bucketing;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * A config document as written for SDKs: the validated JSON together with its parsed {@link
 * Config}. Services that publish documents (config-service) build them here, so that what they
 * write is exactly what the engine reads: {@link #of(JsonNode)} validates the document with the
 * same loader SDKs use, {@link #toBytes()} is its compact wire form and {@link #clientView()} the
 * document client SDKs may see.
 *
 * <p>Immutable and thread-safe.
 */
public final class ConfigDocument {
  /** The {@code schemaVersion} this engine reads and writes. */
  public static final int SCHEMA_VERSION = ConfigLoader.SCHEMA_VERSION;

  /**
   * The filter type that replaces a prerequisite on a feature that is not client-visible in a
   * {@linkplain #clientView() client view}. No engine knows it, so the rule fails closed.
   */
  public static final String SERVER_ONLY_PREREQUISITE = "serverOnlyPrerequisite";

  private static final JsonMapper MAPPER = JsonMapper.builder().build();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final ObjectNode tree;
  private final byte[] bytes;
  private final Config config;

  private ConfigDocument(ObjectNode tree, byte[] bytes, Config config) {
    this.tree = tree;
    this.bytes = bytes;
    this.config = config;
  }

  /**
   * Validates a document given as a JSON tree and fixes its compact form: no insignificant
   * whitespace, and no object member whose value is {@code null} (a member that is null means the
   * same as a missing one), except inside variation {@code values}, where {@code null} is a JSON
   * variable's value. The tree is copied; later changes to it do not affect this document.
   *
   * @throws InvalidConfigException if bucketing-core would reject the document
   */
  public static ConfigDocument of(JsonNode document) throws InvalidConfigException {
    if (document == null || !document.isObject()) {
      throw new InvalidConfigException("", "must be a JSON object");
    }
    ObjectNode compact = (ObjectNode) withoutNullMembers(document, false);
    byte[] bytes = MAPPER.writeValueAsBytes(compact);
    return new ConfigDocument(compact, bytes, Config.parse(bytes));
  }

  /**
   * Reads and validates a document from UTF-8 JSON; see {@link #of(JsonNode)}.
   *
   * @throws InvalidConfigException if the bytes are not JSON or bucketing-core would reject them
   */
  public static ConfigDocument parse(byte[] json) throws InvalidConfigException {
    if (json.length > Limits.MAX_DOCUMENT_BYTES) {
      throw new InvalidConfigException(
          "", "document is " + json.length + " bytes; the limit is " + Limits.MAX_DOCUMENT_BYTES);
    }
    JsonNode tree;
    try {
      tree = MAPPER.readTree(json);
    } catch (JacksonException e) {
      throw new InvalidConfigException("", "not valid JSON: " + e.getOriginalMessage());
    }
    return of(tree);
  }

  /** The parsed document, ready for an {@link Evaluator}. */
  public Config config() {
    return config;
  }

  /** The document's {@code version}. */
  public long version() {
    return config.version();
  }

  /** The compact UTF-8 JSON of the document (a copy). */
  public byte[] toBytes() {
    return bytes.clone();
  }

  /** The size of {@link #toBytes()} in bytes. */
  public int size() {
    return bytes.length;
  }

  /**
   * The document client SDKs may see: only features marked {@code clientVisible}, only their
   * variables, and only the audiences their rules reference (directly or through other audiences).
   * Everything else about the kept features is unchanged, so they evaluate exactly as in this
   * document, with one exception: a {@code prerequisite} filter on a feature that is not
   * client-visible cannot be evaluated without that feature, and is replaced by a filter of type
   * {@value #SERVER_ONLY_PREREQUISITE}, which makes its rule fail closed (never apply) and shows up
   * in {@link Config#warnings()}.
   *
   * <p>The view is validated as a whole, like {@link #of(JsonNode)} does, but it is not copied: it
   * is built from this document's compact tree (so it has no null members either), shares every
   * subtree it keeps unchanged, and only the objects on the way to a rewritten filter are new. Both
   * trees are private and never change, so sharing is safe.
   *
   * @throws InvalidConfigException never for a document that was valid (kept for symmetry with
   *     {@link #of(JsonNode)}, which validates the view)
   */
  public ConfigDocument clientView() throws InvalidConfigException {
    Set<String> visible = new HashSet<>();
    for (JsonNode feature : tree.path("features")) {
      if (feature.path("clientVisible").asBoolean(false)) {
        visible.add(feature.path("key").asString());
      }
    }
    Set<String> referenced = new HashSet<>();
    ObjectNode view = NODES.objectNode();
    for (Map.Entry<String, JsonNode> member : tree.properties()) {
      switch (member.getKey()) {
        case "features" -> {
          ArrayNode features = view.putArray("features");
          for (JsonNode feature : member.getValue()) {
            if (visible.contains(feature.path("key").asString())) {
              features.add(clientFeature(feature, visible, referenced));
            }
          }
        }
        case "variables" -> {
          ArrayNode variables = view.putArray("variables");
          for (JsonNode variable : member.getValue()) {
            if (visible.contains(variable.path("feature").asString())) {
              variables.add(variable);
            }
          }
        }
        case "audiences" -> view.set("audiences", NODES.arrayNode()); // filled below
        default -> view.set(member.getKey(), member.getValue());
      }
    }
    if (tree.has("audiences")) {
      view.set("audiences", clientAudiences(tree.path("audiences"), visible, referenced));
    }
    return validated(view);
  }

  /** Validates a compact tree (no null members outside {@code values}) that nobody changes. */
  private static ConfigDocument validated(ObjectNode compact) throws InvalidConfigException {
    byte[] bytes = MAPPER.writeValueAsBytes(compact);
    return new ConfigDocument(compact, bytes, Config.parse(bytes));
  }

  /** The feature with the audiences of its rules rewritten; the feature itself when none is. */
  private static JsonNode clientFeature(
      JsonNode feature, Set<String> visible, Set<String> referenced) {
    JsonNode rules = feature.path("targeting").path("rules");
    if (!rules.isArray() || rules.isEmpty()) {
      return feature;
    }
    ArrayNode clientRules = NODES.arrayNode(rules.size());
    for (JsonNode rule : rules) {
      if (rule.isObject() && rule.has("audience")) {
        clientRules.add(
            replaced(rule, "audience", clientFilter(rule.get("audience"), visible, referenced)));
      } else {
        clientRules.add(rule);
      }
    }
    return replaced(feature, "targeting", replaced(feature.get("targeting"), "rules", clientRules));
  }

  /**
   * A new object with the members of {@code object}, in order, sharing their values, except that
   * member {@code name} has {@code value} (in its place, or last when {@code object} had none).
   */
  private static ObjectNode replaced(JsonNode object, String name, JsonNode value) {
    ObjectNode copy = NODES.objectNode();
    for (Map.Entry<String, JsonNode> member : object.properties()) {
      copy.set(member.getKey(), member.getValue());
    }
    copy.set(name, value);
    return copy;
  }

  /** The audiences the kept rules reach, in document order, with their filters rewritten. */
  private static ArrayNode clientAudiences(
      JsonNode audiences, Set<String> visible, Set<String> referenced) {
    Map<String, JsonNode> byKey = new java.util.HashMap<>();
    for (JsonNode audience : audiences) {
      byKey.put(audience.path("key").asString(), audience);
    }
    Map<String, JsonNode> rewritten = new java.util.HashMap<>();
    Deque<String> pending = new ArrayDeque<>(referenced);
    while (!pending.isEmpty()) {
      String key = pending.pop();
      JsonNode audience = byKey.get(key);
      if (audience == null || rewritten.containsKey(key)) {
        continue;
      }
      Set<String> more = new HashSet<>();
      JsonNode client = audience;
      if (audience.has("filter")) {
        client = replaced(audience, "filter", clientFilter(audience.get("filter"), visible, more));
      }
      rewritten.put(key, client);
      pending.addAll(more);
    }
    ArrayNode kept = NODES.arrayNode();
    for (JsonNode audience : audiences) {
      JsonNode client = rewritten.get(audience.path("key").asString());
      if (client != null) {
        kept.add(client);
      }
    }
    return kept;
  }

  /** The filter as clients may see it: the filter itself unless something in it is rewritten. */
  private static JsonNode clientFilter(
      JsonNode filter, Set<String> visible, Set<String> referenced) {
    if (!filter.isObject()) {
      return filter;
    }
    String type = filter.path("type").asString("");
    switch (type) {
      case "prerequisite" -> {
        if (!visible.contains(filter.path("feature").asString())) {
          return NODES.objectNode().put("type", SERVER_ONLY_PREREQUISITE);
        }
        return filter;
      }
      case "audience" -> {
        referenced.add(filter.path("audience").asString());
        return filter;
      }
      case "and", "or" -> {
        ArrayNode filters = NODES.arrayNode();
        for (JsonNode inner : filter.path("filters")) {
          filters.add(clientFilter(inner, visible, referenced));
        }
        return replaced(filter, "filters", filters);
      }
      default -> {
        return filter;
      }
    }
  }

  private static JsonNode withoutNullMembers(JsonNode node, boolean verbatim) {
    if (verbatim) {
      return node.deepCopy();
    }
    if (node.isObject()) {
      ObjectNode copy = NODES.objectNode();
      for (Map.Entry<String, JsonNode> member : node.properties()) {
        if (!member.getValue().isNull()) {
          copy.set(
              member.getKey(),
              withoutNullMembers(member.getValue(), member.getKey().equals("values")));
        }
      }
      return copy;
    }
    if (node.isArray()) {
      ArrayNode copy = NODES.arrayNode();
      for (JsonNode element : node) {
        copy.add(withoutNullMembers(element, false));
      }
      return copy;
    }
    return node.deepCopy();
  }

  @Override
  public String toString() {
    return "ConfigDocument{" + config + ", " + bytes.length + " bytes}";
  }
}
