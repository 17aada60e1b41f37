package dev.switchboard.bucketing;

import dev.switchboard.bucketing.JsonValue.JsonArray;
import dev.switchboard.bucketing.JsonValue.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A config document as written for SDKs: the validated JSON together with its parsed {@link
 * Config}. Services that publish documents (config-service) build them here, so that what they
 * write is exactly what the engine reads: {@link #parse(byte[])} validates the document with the
 * same loader SDKs use, {@link #toBytes()} is its compact wire form and {@link #clientView()} the
 * document client SDKs may see.
 *
 * <p>Built with jackson-core's streaming parser and generator and the loader's own tree, without
 * databind: a publisher builds a document of a thousand features on every change, and databind's
 * trees (read, copied without nulls, serialized, read again) were most of what that allocated
 * (docs/decisions/0012).
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

  private final JsonValue tree;
  private final Config config;

  private ConfigDocument(JsonValue tree, Config config) {
    this.tree = tree;
    this.config = config;
  }

  /**
   * Reads and validates a document from UTF-8 JSON and fixes its compact form: no insignificant
   * whitespace, and no object member whose value is {@code null} (a member that is null means the
   * same as a missing one), except inside variation {@code values}, where {@code null} is a JSON
   * variable's value. The bytes are not kept; later changes to them do not affect this document.
   *
   * <p>The compact form is what the loader validates: it reads the compacted tree, which is exactly
   * the tree the compact bytes parse to, so they are not parsed again.
   *
   * @throws InvalidConfigException if the bytes are not JSON or bucketing-core would reject them
   */
  public static ConfigDocument parse(byte[] json) throws InvalidConfigException {
    return parse(json, 0, json.length);
  }

  /**
   * Reads and validates a document from {@code length} bytes of UTF-8 JSON that start at {@code
   * offset} in {@code json} (a document inside a larger message); see {@link #parse(byte[])}.
   *
   * @throws InvalidConfigException if the bytes are not JSON or bucketing-core would reject them
   * @throws IndexOutOfBoundsException if the range is not within {@code json}
   */
  public static ConfigDocument parse(byte[] json, int offset, int length)
      throws InvalidConfigException {
    Objects.checkFromIndexSize(offset, length, json.length);
    if (length > Limits.MAX_DOCUMENT_BYTES) {
      throw new InvalidConfigException(
          "", "document is " + length + " bytes; the limit is " + Limits.MAX_DOCUMENT_BYTES);
    }
    JsonValue root = JsonValue.read(json, offset, length);
    if (root == null || !root.isObject()) {
      throw new InvalidConfigException("", "must be a JSON object");
    }
    return validated(withoutNullMembers(root));
  }

  /** The parsed document, ready for an {@link Evaluator}. */
  public Config config() {
    return config;
  }

  /** The document's {@code version}. */
  public long version() {
    return config.version();
  }

  /** The compact UTF-8 JSON of the document. */
  public byte[] toBytes() {
    ByteArrayOutputStream out = new ByteArrayOutputStream(8192);
    writeTo(out);
    return out.toByteArray();
  }

  /**
   * Writes the compact UTF-8 JSON of the document, the same bytes as {@link #toBytes()}, without
   * holding them in memory: a publisher can hash and compress a document as it is written. The
   * stream is flushed, not closed.
   *
   * @throws java.io.UncheckedIOException if the stream fails
   */
  public void writeTo(OutputStream out) {
    tree.writeTo(out);
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
    // the loader accepted this tree: its features, variables and audiences are what it expects
    Set<String> visible = new HashSet<>();
    for (JsonValue feature : elements(tree.get("features"))) {
      JsonValue clientVisible = feature.get("clientVisible");
      if (clientVisible != null && clientVisible.isBoolean() && clientVisible.booleanValue()) {
        visible.add(stringMember(feature, "key"));
      }
    }
    Set<String> referenced = new HashSet<>();
    JsonArray features = new JsonArray();
    for (JsonValue feature : elements(tree.get("features"))) {
      if (visible.contains(stringMember(feature, "key"))) {
        features.add(clientFeature(feature, visible, referenced));
      }
    }
    JsonArray variables = new JsonArray();
    for (JsonValue variable : elements(tree.get("variables"))) {
      if (visible.contains(stringMember(variable, "feature"))) {
        variables.add(variable);
      }
    }
    JsonObject server = (JsonObject) tree;
    JsonObject view = new JsonObject();
    for (int i = 0; i < server.size(); i++) {
      String name = server.name(i);
      JsonValue value = server.value(i);
      view.add(
          name,
          switch (name) {
            case "features" -> features;
            case "variables" -> variables;
            case "audiences" -> clientAudiences(value, visible, referenced);
            default -> value;
          });
    }
    return validated(view);
  }

  /** An array's elements; none for a missing member (or anything that is not an array). */
  private static List<JsonValue> elements(@Nullable JsonValue array) {
    return array == null ? List.of() : array.elements();
  }

  /** A string member, or "" when there is none (the loader checked the ones that matter). */
  private static String stringMember(JsonValue object, String name) {
    JsonValue value = object.get(name);
    return value != null && value.isString() ? value.stringValue() : "";
  }

  /** Validates a compact tree (no null members outside {@code values}) that nobody changes. */
  private static ConfigDocument validated(JsonValue compact) throws InvalidConfigException {
    return new ConfigDocument(compact, ConfigLoader.load(compact));
  }

  /** The feature with the audiences of its rules rewritten; the feature itself when none is. */
  private static JsonValue clientFeature(
      JsonValue feature, Set<String> visible, Set<String> referenced) {
    JsonValue targeting = feature.get("targeting");
    JsonValue rules = targeting == null ? null : targeting.get("rules");
    if (rules == null || !rules.isArray() || rules.size() == 0) {
      return feature;
    }
    JsonArray clientRules = new JsonArray();
    for (JsonValue rule : rules.elements()) {
      JsonValue audience = rule.get("audience");
      clientRules.add(
          audience == null
              ? rule
              : replaced(rule, "audience", clientFilter(audience, visible, referenced)));
    }
    return replaced(feature, "targeting", replaced(targeting, "rules", clientRules));
  }

  /**
   * A new object with the members of {@code object}, in order, sharing their values, except that
   * member {@code name} has {@code value} (in its place, or last when {@code object} had none).
   */
  private static JsonValue replaced(JsonValue object, String name, JsonValue value) {
    JsonObject original = (JsonObject) object;
    JsonObject copy = new JsonObject();
    for (int i = 0; i < original.size(); i++) {
      copy.add(original.name(i), original.name(i).equals(name) ? value : original.value(i));
    }
    if (!original.has(name)) {
      copy.add(name, value);
    }
    return copy;
  }

  /** The audiences the kept rules reach, in document order, with their filters rewritten. */
  private static JsonArray clientAudiences(
      JsonValue audiences, Set<String> visible, Set<String> referenced) {
    Map<String, JsonValue> byKey = new HashMap<>();
    for (JsonValue audience : audiences.elements()) {
      byKey.put(stringMember(audience, "key"), audience);
    }
    Map<String, JsonValue> rewritten = new HashMap<>();
    Deque<String> pending = new ArrayDeque<>(referenced);
    while (!pending.isEmpty()) {
      String key = pending.pop();
      JsonValue audience = byKey.get(key);
      if (audience == null || rewritten.containsKey(key)) {
        continue;
      }
      Set<String> more = new HashSet<>();
      JsonValue filter = audience.get("filter");
      rewritten.put(
          key,
          filter == null
              ? audience
              : replaced(audience, "filter", clientFilter(filter, visible, more)));
      pending.addAll(more);
    }
    JsonArray kept = new JsonArray();
    for (JsonValue audience : audiences.elements()) {
      JsonValue client = rewritten.get(stringMember(audience, "key"));
      if (client != null) {
        kept.add(client);
      }
    }
    return kept;
  }

  /** The filter as clients may see it: the filter itself unless something in it is rewritten. */
  private static JsonValue clientFilter(
      JsonValue filter, Set<String> visible, Set<String> referenced) {
    if (!filter.isObject()) {
      return filter;
    }
    switch (stringMember(filter, "type")) {
      case "prerequisite" -> {
        if (!visible.contains(stringMember(filter, "feature"))) {
          JsonObject serverOnly = new JsonObject();
          serverOnly.add("type", JsonValue.string(SERVER_ONLY_PREREQUISITE));
          return serverOnly;
        }
        return filter;
      }
      case "audience" -> {
        referenced.add(stringMember(filter, "audience"));
        return filter;
      }
      case "and", "or" -> {
        JsonArray filters = new JsonArray();
        JsonValue inner = filter.get("filters");
        for (JsonValue element : elements(inner)) {
          filters.add(clientFilter(element, visible, referenced));
        }
        return replaced(filter, "filters", filters);
      }
      default -> {
        return filter;
      }
    }
  }

  /**
   * The value without object members whose value is {@code null}, except below a member named
   * {@code values}; the value itself (shared, not copied) when it has none.
   */
  private static JsonValue withoutNullMembers(JsonValue node) {
    if (node instanceof JsonObject object) {
      JsonObject copy = null;
      for (int i = 0; i < object.size(); i++) {
        JsonValue value = object.value(i);
        JsonValue kept =
            value.isNull()
                ? null
                : object.name(i).equals("values") ? value : withoutNullMembers(value);
        if (copy == null && kept != value) {
          copy = new JsonObject();
          for (int j = 0; j < i; j++) {
            copy.add(object.name(j), object.value(j));
          }
        }
        if (copy != null && kept != null) {
          copy.add(object.name(i), kept);
        }
      }
      return copy == null ? object : copy;
    }
    if (node instanceof JsonArray array) {
      JsonArray copy = null;
      for (int i = 0; i < array.size(); i++) {
        JsonValue element = array.get(i);
        JsonValue kept = withoutNullMembers(element);
        if (copy == null && kept != element) {
          copy = new JsonArray();
          for (int j = 0; j < i; j++) {
            copy.add(array.get(j));
          }
        }
        if (copy != null) {
          copy.add(kept);
        }
      }
      return copy == null ? array : copy;
    }
    return node;
  }

  @Override
  public String toString() {
    return "ConfigDocument{" + config + "}";
  }
}
