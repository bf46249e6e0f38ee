package dev.wstal.train;

import static dev.wstal.train.TrainConfigChecks.error;
import static dev.wstal.train.TrainConfigChecks.quoted;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * {@link TrainConfig} as a Jackson tree: the record components are the keys, nested records are nested objects. The
 * mapping is read off the records by reflection, so a field added to a record is at once a config key, a JSON field
 * and a {@code --set} target, with no second list to keep in step.
 */
final class TrainConfigTree {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final Pattern DECIMAL = Pattern.compile("[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?");

  private TrainConfigTree() {}

  /** Every component of {@code r}, in declaration order, nulls included. */
  static ObjectNode toTree(Record r) {
    ObjectNode o = NODES.objectNode();
    for (RecordComponent c : r.getClass().getRecordComponents()) {
      Object v;
      try {
        v = c.getAccessor().invoke(r);
      } catch (ReflectiveOperationException ex) {
        throw new IllegalStateException("cannot read " + c.getName() + " of " + r.getClass().getSimpleName(), ex);
      }
      o.set(c.getName(), valueNode(v));
    }
    return o;
  }

  private static JsonNode valueNode(Object v) {
    if (v == null) {
      return NODES.nullNode();
    } else if (v instanceof Record r) {
      return toTree(r);
    } else if (v instanceof Integer i) {
      return NODES.numberNode(i);
    } else if (v instanceof Long l) {
      return NODES.numberNode(l);
    } else if (v instanceof Double d) {
      return NODES.numberNode(d);
    } else if (v instanceof Boolean b) {
      return NODES.booleanNode(b);
    } else if (v instanceof String s) {
      return NODES.textNode(s);
    }
    throw new IllegalStateException("config field of unsupported type " + v.getClass());
  }

  /**
   * Deep merge: objects are merged key by key, anything else in {@code overlay} (scalars, arrays, null) replaces
   * what {@code base} has. Neither argument is modified.
   */
  static JsonNode merge(JsonNode base, JsonNode overlay) {
    if (base == null || !base.isObject() || !overlay.isObject()) {
      return overlay.deepCopy();
    }
    ObjectNode out = ((ObjectNode) base).deepCopy();
    for (Iterator<Map.Entry<String, JsonNode>> it = overlay.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      out.set(e.getKey(), merge(out.get(e.getKey()), e.getValue()));
    }
    return out;
  }

  /** {@code base} with {@code overlay} deep-merged into it, converted back and validated. */
  static TrainConfig merged(TrainConfig base, JsonNode overlay) {
    return fromTree(merge(toTree(base), overlay), TrainConfig.class, "");
  }

  /** The record of {@code type} that {@code node} describes; {@code path} is its dotted key ("" at the top). */
  static <R extends Record> R fromTree(JsonNode node, Class<R> type, String path) {
    RecordComponent[] cs = type.getRecordComponents();
    if (node == null || !node.isObject()) {
      throw error(path.isEmpty() ? "top level" : path, "an object with keys " + keys(type), node);
    }
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String name = it.next();
      if (component(type, name) == null) {
        throw unknownKey(join(path, name), path, type);
      }
    }
    Object[] args = new Object[cs.length];
    Class<?>[] types = new Class<?>[cs.length];
    for (int i = 0; i < cs.length; i++) {
      String key = join(path, cs[i].getName());
      JsonNode v = node.get(cs[i].getName());
      if (v == null) {
        throw error(key, typeName(cs[i].getType()), "nothing (the key is missing)");
      }
      types[i] = cs[i].getType();
      args[i] = value(v, types[i], key);
    }
    try {
      return type.getDeclaredConstructor(types).newInstance(args);
    } catch (InvocationTargetException ex) {
      if (ex.getCause() instanceof IllegalArgumentException bad) {
        throw bad;
      }
      throw new IllegalStateException("cannot build " + type.getSimpleName(), ex.getCause());
    } catch (ReflectiveOperationException ex) {
      throw new IllegalStateException("cannot build " + type.getSimpleName(), ex);
    }
  }

  private static Object value(JsonNode n, Class<?> t, String key) {
    if (Record.class.isAssignableFrom(t)) {
      return fromTree(n, t.asSubclass(Record.class), key);
    }
    if (t == Integer.class && n.isNull()) {
      return null;
    }
    boolean integral = n.isNumber() && n.canConvertToExactIntegral();
    if ((t == int.class || t == Integer.class) && integral && n.canConvertToInt()) {
      return n.intValue();
    } else if (t == long.class && integral && n.canConvertToLong()) {
      return n.longValue();
    } else if (t == double.class && n.isNumber()) {
      return n.doubleValue();
    } else if (t == boolean.class && n.isBoolean()) {
      return n.booleanValue();
    } else if (t == String.class && n.isTextual()) {
      return n.textValue();
    }
    throw error(key, typeName(t), n);
  }

  private static String typeName(Class<?> t) {
    if (t == int.class) {
      return "an integer in [" + Integer.MIN_VALUE + ", " + Integer.MAX_VALUE + "]";
    } else if (t == Integer.class) {
      return "an integer in [" + Integer.MIN_VALUE + ", " + Integer.MAX_VALUE + "] or null";
    } else if (t == long.class) {
      return "an integer in [" + Long.MIN_VALUE + ", " + Long.MAX_VALUE + "]";
    } else if (t == double.class) {
      return "a number";
    } else if (t == boolean.class) {
      return "true or false";
    } else if (t == String.class) {
      return "a string";
    } else if (Record.class.isAssignableFrom(t)) {
      return "an object with keys " + keys(t.asSubclass(Record.class));
    }
    throw new IllegalStateException("config field of unsupported type " + t);
  }

  /**
   * The overlay that sets each dotted key to its string value parsed as the field's type ({@code "null"} for the
   * nullable integer fields).
   */
  static ObjectNode overlayOf(Map<String, String> dotted) {
    if (dotted == null) {
      throw new IllegalArgumentException("overrides: expected a map of dotted keys to values, got null");
    }
    ObjectNode root = NODES.objectNode();
    for (Map.Entry<String, String> e : dotted.entrySet()) {
      String key = e.getKey() == null ? "" : e.getKey().trim();
      if (key.isEmpty()) {
        throw new IllegalArgumentException("overrides: expected a dotted key such as stage1.epochs, got "
            + (e.getKey() == null ? null : quoted(e.getKey())));
      }
      if (e.getValue() == null) {
        throw error(key, "a value", "null (give the text \"null\" to clear a nullable field)");
      }
      String[] parts = key.split("\\.", -1);
      Class<? extends Record> type = TrainConfig.class;
      ObjectNode parent = root;
      for (int i = 0; i < parts.length; i++) {
        String here = String.join(".", Arrays.copyOf(parts, i + 1));
        String up = String.join(".", Arrays.copyOf(parts, i));
        if (type == null) {
          throw new IllegalArgumentException(here + ": unknown key; " + up + " is a single setting with no keys");
        }
        RecordComponent c = component(type, parts[i]);
        if (c == null) {
          throw unknownKey(here, up, type);
        }
        Class<?> t = c.getType();
        if (i == parts.length - 1) {
          if (Record.class.isAssignableFrom(t)) {
            RecordComponent[] inner = t.getRecordComponents();
            throw error(here, "a single setting such as " + here + "." + inner[0].getName() + " (the keys of "
                + here + " are " + keys(t.asSubclass(Record.class)) + ")", "the whole group " + here);
          }
          parent.set(parts[i], parse(e.getValue(), t, here));
        } else {
          type = Record.class.isAssignableFrom(t) ? t.asSubclass(Record.class) : null;
          parent = parent.has(parts[i]) ? (ObjectNode) parent.get(parts[i]) : parent.putObject(parts[i]);
        }
      }
    }
    return root;
  }

  /** A command-line string as the JSON value of a field of type {@code t}. */
  private static JsonNode parse(String text, Class<?> t, String key) {
    String s = text.trim();
    try {
      if (t == Integer.class && s.equalsIgnoreCase("null")) {
        return NODES.nullNode();
      } else if (t == int.class || t == Integer.class) {
        return NODES.numberNode(Integer.parseInt(s));
      } else if (t == long.class) {
        return NODES.numberNode(Long.parseLong(s));
      } else if (t == double.class && (DECIMAL.matcher(s).matches() || s.matches("NaN|[-+]?Infinity"))) {
        return NODES.numberNode(Double.parseDouble(s));
      } else if (t == boolean.class && (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false"))) {
        return NODES.booleanNode(Boolean.parseBoolean(s));
      } else if (t == String.class) {
        return NODES.textNode(s);
      }
    } catch (NumberFormatException ex) {
      // falls through to the message below, which names the expected type
    }
    throw error(key, typeName(t), quoted(text));
  }

  private static RecordComponent component(Class<? extends Record> type, String name) {
    for (RecordComponent c : type.getRecordComponents()) {
      if (c.getName().equals(name)) {
        return c;
      }
    }
    return null;
  }

  private static IllegalArgumentException unknownKey(String key, String level, Class<? extends Record> type) {
    return new IllegalArgumentException(key + ": unknown key; known keys at "
        + (level.isEmpty() ? "the top level" : level) + ": " + keys(type));
  }

  private static String keys(Class<? extends Record> type) {
    return Arrays.stream(type.getRecordComponents()).map(RecordComponent::getName).toList().toString();
  }

  private static String join(String path, String name) {
    return path.isEmpty() ? name : path + "." + name;
  }
}
