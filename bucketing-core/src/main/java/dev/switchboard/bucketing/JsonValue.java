package dev.switchboard.bucketing;

import java.io.OutputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.StreamWriteFeature;
import tools.jackson.core.exc.JacksonIOException;
import tools.jackson.core.json.JsonFactory;

/**
 * A JSON value as the config loader reads it: an object (members in document order), an array, a
 * string, a number, a boolean or null. Immutable once read.
 *
 * <p>Read with jackson-core's streaming parser, not databind's {@code JsonNode}: an SDK loads its
 * first config while it starts, and the first use of databind costs about 0.3 s of class loading
 * (docs/performance.md, "Cold start"). The tree is the one databind's {@code readTree} builds with
 * the loader's former settings, which {@code JsonValueTest} checks: the same parser and limits,
 * integers that fit in a {@code long} exact and bigger ones as {@link BigInteger}, any number with
 * a fraction or an exponent a {@code double}; a property name twice in one object and anything
 * after the root value are errors.
 */
abstract class JsonValue {
  /** Default settings, except that a generator leaves the stream it writes to open. */
  private static final JsonFactory FACTORY =
      JsonFactory.builder().disable(StreamWriteFeature.AUTO_CLOSE_TARGET).build();

  private JsonValue() {}

  /**
   * Reads a whole document; {@code null} when it holds no value at all (empty or only whitespace).
   *
   * @throws InvalidConfigException (pointer "") if the bytes are not one JSON value
   */
  static @Nullable JsonValue read(byte[] json) throws InvalidConfigException {
    return read(json, 0, json.length);
  }

  /** Reads a whole document from part of an array; see {@link #read(byte[])}. */
  static @Nullable JsonValue read(byte[] json, int offset, int length)
      throws InvalidConfigException {
    try (JsonParser parser = FACTORY.createParser(json, offset, length)) {
      JsonToken token = parser.nextToken();
      if (token == null) {
        return null;
      }
      JsonValue root = readValue(parser, token);
      JsonToken trailing = parser.nextToken();
      if (trailing != null) {
        throw notJson("trailing token (of type " + trailing + ") after the root value");
      }
      return root;
    } catch (JacksonException e) {
      throw notJson(e.getOriginalMessage());
    }
  }

  private static InvalidConfigException notJson(String problem) {
    return new InvalidConfigException("", "not valid JSON: " + problem);
  }

  /**
   * The value that starts at {@code first}. Open containers are kept on a heap stack rather than
   * the thread's: the parser allows nesting far deeper than the loader ever reads. A container is
   * added to its parent when it starts, so a repeated name is reported before the nested value is
   * read, as databind does.
   */
  private static JsonValue readValue(JsonParser parser, JsonToken first)
      throws InvalidConfigException {
    if (first != JsonToken.START_OBJECT && first != JsonToken.START_ARRAY) {
      return scalar(parser, first);
    }
    JsonValue root = first == JsonToken.START_OBJECT ? new JsonObject() : new JsonArray();
    Deque<JsonValue> open = new ArrayDeque<>();
    JsonValue current = root;
    @Nullable String name = null;
    while (true) {
      JsonToken token = parser.nextToken();
      if (token == JsonToken.END_OBJECT || token == JsonToken.END_ARRAY) {
        JsonValue parent = open.poll();
        if (parent == null) {
          return root;
        }
        current = parent;
      } else if (token == JsonToken.PROPERTY_NAME) {
        name = parser.currentName();
      } else {
        JsonValue value;
        if (token == JsonToken.START_OBJECT) {
          value = new JsonObject();
        } else if (token == JsonToken.START_ARRAY) {
          value = new JsonArray();
        } else {
          value = scalar(parser, token);
        }
        if (current instanceof JsonObject object) {
          if (!object.add(name, value)) {
            // Duplicate names make a document ambiguous: reject rather than pick one.
            throw notJson("duplicate property name '" + name + "'");
          }
        } else {
          ((JsonArray) current).add(value);
        }
        if (value instanceof JsonObject || value instanceof JsonArray) {
          open.push(current);
          current = value;
        }
      }
    }
  }

  private static JsonValue scalar(JsonParser parser, @Nullable JsonToken token) {
    if (token == null) {
      // the parser reports an early end of input itself; this cannot happen inside a value
      throw new IllegalStateException("JSON ended inside a value");
    }
    switch (token) {
      case VALUE_STRING:
        return new JsonString(parser.getString());
      case VALUE_NUMBER_INT:
        switch (parser.getNumberType()) {
          case INT:
            return new JsonInteger(parser.getIntValue());
          case LONG:
            return new JsonInteger(parser.getLongValue());
          default:
            return new JsonBigInteger(parser.getBigIntegerValue());
        }
      case VALUE_NUMBER_FLOAT:
        return new JsonDouble(parser.getDoubleValue());
      case VALUE_TRUE:
        return JsonBoolean.TRUE;
      case VALUE_FALSE:
        return JsonBoolean.FALSE;
      case VALUE_NULL:
        return JsonNull.NULL;
      default:
        throw new IllegalStateException("unexpected JSON token " + token);
    }
  }

  // ---- what a value is ------------------------------------------------------------------------

  boolean isObject() {
    return false;
  }

  boolean isArray() {
    return false;
  }

  boolean isString() {
    return false;
  }

  boolean isNumber() {
    return false;
  }

  /** A number written without a fraction or an exponent ({@code 1}, not {@code 1.0} or 1e0). */
  boolean isIntegralNumber() {
    return false;
  }

  /** An integral number that fits in a {@code long}. */
  boolean isLong() {
    return false;
  }

  /** An integral number that fits in an {@code int}. */
  boolean isInt() {
    return false;
  }

  boolean isBoolean() {
    return false;
  }

  boolean isNull() {
    return false;
  }

  // ---- reading it (callers check the kind first) --------------------------------------------

  /** An object's member, or {@code null} when it has none of that name or is not an object. */
  @Nullable JsonValue get(String name) {
    return null;
  }

  /** Whether an object has a member of that name, even one whose value is {@code null}. */
  boolean has(String name) {
    return false;
  }

  /** An object's members in document order; empty for anything else. */
  List<Map.Entry<String, JsonValue>> members() {
    return List.of();
  }

  /** An array's element (callers stay within {@link #size()}). */
  JsonValue get(int index) {
    throw new IllegalStateException("not an array: " + this);
  }

  /** How many elements an array, or members an object, holds; 0 for anything else. */
  int size() {
    return 0;
  }

  /** An array's elements in order; empty for anything else. */
  List<JsonValue> elements() {
    return List.of();
  }

  String stringValue() {
    throw new IllegalStateException("not a string: " + this);
  }

  boolean booleanValue() {
    throw new IllegalStateException("not a boolean: " + this);
  }

  /** The value of a number ({@link #isLong()} first for integers). */
  long longValue() {
    throw new IllegalStateException("not a long: " + this);
  }

  int intValue() {
    throw new IllegalStateException("not an int: " + this);
  }

  /** Any number as the nearest {@code double}; infinite when it is beyond a double's range. */
  double doubleValue() {
    throw new IllegalStateException("not a number: " + this);
  }

  /**
   * The value as plain immutable Java, so that no JSON type reaches callers: objects become
   * unmodifiable {@code Map}s (in document order), arrays unmodifiable {@code List}s, integers that
   * fit become {@link Long}, other numbers {@link Double}, {@code null} stays {@code null}.
   */
  abstract @Nullable Object toJava();

  /** The value as compact JSON (as in error messages). */
  @Override
  public String toString() {
    StringWriter out = new StringWriter();
    try (JsonGenerator generator = FACTORY.createGenerator(out)) {
      write(generator);
    }
    return out.toString();
  }

  abstract void write(JsonGenerator generator);

  /**
   * Writes the value as compact UTF-8 JSON; flushes {@code out} but does not close it.
   *
   * @throws java.io.UncheckedIOException if the stream fails
   */
  void writeTo(OutputStream out) {
    try (JsonGenerator generator = FACTORY.createGenerator(out)) {
      write(generator);
    } catch (JacksonIOException e) {
      throw new UncheckedIOException(e.getCause());
    }
  }

  /** A string value. */
  static JsonValue string(String value) {
    return new JsonString(value);
  }

  // ---- the kinds --------------------------------------------------------------------------------

  /**
   * Members in two arrays, in document order, found by a linear search: config objects have a
   * handful of members, and a map per object was a third of what reading a document allocated.
   * Objects with many members (a variation's {@code values}) get an index.
   */
  static final class JsonObject extends JsonValue {
    private static final int INDEX_FROM = 16;

    private String[] names = new String[4];
    private JsonValue[] values = new JsonValue[4];
    private int size;
    private @Nullable Map<String, Integer> index;

    /**
     * Adds a member (while reading or building; a value is never changed once read).
     *
     * @return false, and nothing added, when the object already has a member of that name
     */
    boolean add(String name, JsonValue value) {
      if (indexOf(name) >= 0) {
        return false;
      }
      if (size == names.length) {
        names = Arrays.copyOf(names, size * 2);
        values = Arrays.copyOf(values, size * 2);
      }
      names[size] = name;
      values[size] = value;
      if (index != null) {
        index.put(name, size);
      } else if (size + 1 == INDEX_FROM) {
        index = new HashMap<>();
        for (int i = 0; i <= size; i++) {
          index.put(names[i], i);
        }
      }
      size++;
      return true;
    }

    private int indexOf(String name) {
      if (index != null) {
        Integer at = index.get(name);
        return at == null ? -1 : at;
      }
      for (int i = 0; i < size; i++) {
        if (names[i].equals(name)) {
          return i;
        }
      }
      return -1;
    }

    /** The name of member {@code i} in document order. */
    String name(int i) {
      return names[i];
    }

    /** The value of member {@code i} in document order. */
    JsonValue value(int i) {
      return values[i];
    }

    @Override
    boolean isObject() {
      return true;
    }

    @Override
    @Nullable JsonValue get(String name) {
      int at = indexOf(name);
      return at < 0 ? null : values[at];
    }

    @Override
    boolean has(String name) {
      return indexOf(name) >= 0;
    }

    @Override
    List<Map.Entry<String, JsonValue>> members() {
      List<Map.Entry<String, JsonValue>> members = new ArrayList<>(size);
      for (int i = 0; i < size; i++) {
        members.add(Map.entry(names[i], values[i]));
      }
      return Collections.unmodifiableList(members);
    }

    @Override
    int size() {
      return size;
    }

    @Override
    Map<String, @Nullable Object> toJava() {
      Map<String, @Nullable Object> map = new LinkedHashMap<>();
      for (int i = 0; i < size; i++) {
        map.put(names[i], values[i].toJava());
      }
      return Collections.unmodifiableMap(map);
    }

    @Override
    void write(JsonGenerator generator) {
      generator.writeStartObject();
      for (int i = 0; i < size; i++) {
        generator.writeName(names[i]);
        values[i].write(generator);
      }
      generator.writeEndObject();
    }
  }

  static final class JsonArray extends JsonValue {
    private final List<JsonValue> elements = new ArrayList<>();

    /** Adds an element (while reading or building; a value is never changed once read). */
    void add(JsonValue element) {
      elements.add(element);
    }

    @Override
    boolean isArray() {
      return true;
    }

    @Override
    JsonValue get(int index) {
      return elements.get(index);
    }

    @Override
    int size() {
      return elements.size();
    }

    @Override
    List<JsonValue> elements() {
      return Collections.unmodifiableList(elements);
    }

    @Override
    List<@Nullable Object> toJava() {
      List<@Nullable Object> list = new ArrayList<>(elements.size());
      for (JsonValue element : elements) {
        list.add(element.toJava());
      }
      return Collections.unmodifiableList(list);
    }

    @Override
    void write(JsonGenerator generator) {
      generator.writeStartArray();
      for (JsonValue element : elements) {
        element.write(generator);
      }
      generator.writeEndArray();
    }
  }

  private static final class JsonString extends JsonValue {
    private final String value;

    JsonString(String value) {
      this.value = value;
    }

    @Override
    boolean isString() {
      return true;
    }

    @Override
    String stringValue() {
      return value;
    }

    @Override
    String toJava() {
      return value;
    }

    @Override
    void write(JsonGenerator generator) {
      generator.writeString(value);
    }
  }

  /** An integer that fits in a {@code long}. */
  private static final class JsonInteger extends JsonValue {
    private final long value;

    JsonInteger(long value) {
      this.value = value;
    }

    @Override
    boolean isNumber() {
      return true;
    }

    @Override
    boolean isIntegralNumber() {
      return true;
    }

    @Override
    boolean isLong() {
      return true;
    }

    @Override
    boolean isInt() {
      return value == (int) value;
    }

    @Override
    long longValue() {
      return value;
    }

    @Override
    int intValue() {
      if (!isInt()) {
        throw new IllegalStateException("not an int: " + value);
      }
      return (int) value;
    }

    @Override
    double doubleValue() {
      return value;
    }

    @Override
    Long toJava() {
      return value;
    }

    @Override
    void write(JsonGenerator generator) {
      generator.writeNumber(value);
    }
  }

  /** An integer beyond a {@code long}'s range. */
  private static final class JsonBigInteger extends JsonValue {
    private final BigInteger value;

    JsonBigInteger(BigInteger value) {
      this.value = value;
    }

    @Override
    boolean isNumber() {
      return true;
    }

    @Override
    boolean isIntegralNumber() {
      return true;
    }

    @Override
    double doubleValue() {
      return value.doubleValue();
    }

    @Override
    Double toJava() {
      return doubleValue();
    }

    @Override
    void write(JsonGenerator generator) {
      generator.writeNumber(value);
    }
  }

  /** A number with a fraction or an exponent. */
  private static final class JsonDouble extends JsonValue {
    private final double value;

    JsonDouble(double value) {
      this.value = value;
    }

    @Override
    boolean isNumber() {
      return true;
    }

    @Override
    double doubleValue() {
      return value;
    }

    @Override
    Double toJava() {
      return value;
    }

    @Override
    void write(JsonGenerator generator) {
      generator.writeNumber(value);
    }
  }

  private static final class JsonBoolean extends JsonValue {
    static final JsonBoolean TRUE = new JsonBoolean(true);
    static final JsonBoolean FALSE = new JsonBoolean(false);

    private final boolean value;

    private JsonBoolean(boolean value) {
      this.value = value;
    }

    @Override
    boolean isBoolean() {
      return true;
    }

    @Override
    boolean booleanValue() {
      return value;
    }

    @Override
    Boolean toJava() {
      return value;
    }

    @Override
    void write(JsonGenerator generator) {
      generator.writeBoolean(value);
    }
  }

  private static final class JsonNull extends JsonValue {
    static final JsonNull NULL = new JsonNull();

    @Override
    boolean isNull() {
      return true;
    }

    @Override
    @Nullable Object toJava() {
      return null;
    }

    @Override
    void write(JsonGenerator generator) {
      generator.writeNull();
    }
  }
}
