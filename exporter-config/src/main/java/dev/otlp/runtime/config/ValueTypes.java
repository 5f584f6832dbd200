package dev.otlp.runtime.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The {@link ValueType}s the configuration's settings use. */
final class ValueTypes {

    private ValueTypes() {
    }

    static final ValueType STRING = new Text("a string");

    /**
     * A file or directory. Relative in a config file, it is resolved against the file's directory
     * when the file is loaded ({@link ConfigLoader#load}); relative in an environment variable, against
     * the working directory.
     */
    static final ValueType PATH = new Text("a path, relative to the config file's directory");

    static final ValueType SECRET = new Scalar("a string", true) {
        @Override
        Object fromTomlScalar(JsonNode node) {
            return node.isTextual() ? new Secret(node.textValue()) : null;
        }

        @Override
        public Object fromText(String text) {
            return new Secret(text);
        }

        @Override
        public String toToml(Object value) {
            return TomlText.string(((Secret) value).value());
        }
    };

    static final ValueType BOOLEAN = new Scalar("true or false", false) {
        @Override
        Object fromTomlScalar(JsonNode node) {
            return node.isBoolean() ? node.booleanValue() : null;
        }

        @Override
        public Object fromText(String text) {
            return switch (text.strip().toLowerCase(Locale.ROOT)) {
                case "true" -> true;
                case "false" -> false;
                default -> throw new IllegalArgumentException(quote(text) + " is not true or false");
            };
        }

        @Override
        public String toToml(Object value) {
            return value.toString();
        }
    };

    static final ValueType INTEGER = new Scalar("an integer", false) {
        @Override
        Object fromTomlScalar(JsonNode node) {
            if (!node.isIntegralNumber()) {
                return null;
            }
            if (!node.canConvertToInt()) {
                throw new IllegalArgumentException(node.asText() + " is out of range");
            }
            return node.intValue();
        }

        @Override
        public Object fromText(String text) {
            try {
                return Integer.parseInt(text.strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(quote(text) + " is not an integer");
            }
        }

        @Override
        public String toToml(Object value) {
            return value.toString();
        }
    };

    static final ValueType SIZE = new Scalar("a size in bytes or a string such as \"16MiB\"", false) {
        @Override
        Object fromTomlScalar(JsonNode node) {
            if (node.isIntegralNumber()) {
                if (!node.canConvertToLong() || node.longValue() < 0) {
                    throw new IllegalArgumentException(node.asText() + " is not a size in bytes");
                }
                return node.longValue();
            }
            return node.isTextual() ? Sizes.parse(node.textValue()) : null;
        }

        @Override
        public Object fromText(String text) {
            return Sizes.parse(text);
        }

        @Override
        public String toToml(Object value) {
            String size = Sizes.format((Long) value);
            return size.chars().allMatch(Character::isDigit) ? size : TomlText.string(size);
        }
    };

    static final ValueType DURATION = new Scalar("a duration string such as \"30s\"", false) {
        @Override
        Object fromTomlScalar(JsonNode node) {
            return node.isTextual() ? Durations.parse(node.textValue()) : null;
        }

        @Override
        public Object fromText(String text) {
            return Durations.parse(text);
        }

        @Override
        public String toToml(Object value) {
            return TomlText.string(Durations.format((Duration) value));
        }
    };

    static final ValueType FRACTION = new Scalar("a number", false) {
        @Override
        Object fromTomlScalar(JsonNode node) {
            return node.isNumber() ? node.doubleValue() : null;
        }

        @Override
        public Object fromText(String text) {
            try {
                return Double.parseDouble(text.strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(quote(text) + " is not a number");
            }
        }

        @Override
        public String toToml(Object value) {
            return value.toString();
        }
    };

    /** An array of strings in TOML; comma-separated in an environment variable. */
    static final ValueType STRING_LIST = new ValueType() {
        @Override
        public String expected() {
            return "an array of strings";
        }

        @Override
        public Object fromToml(JsonNode node) {
            if (!node.isArray()) {
                throw new IllegalArgumentException("expected an array of strings, got " + describe(node));
            }
            List<String> items = new ArrayList<>();
            for (JsonNode item : node) {
                if (!item.isTextual()) {
                    throw new IllegalArgumentException("expected an array of strings, found " + describe(item) + " in it");
                }
                items.add(item.textValue());
            }
            return List.copyOf(items);
        }

        @Override
        public Object fromText(String text) {
            return Arrays.stream(text.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
        }

        @Override
        public String toToml(Object value) {
            return ((List<?>) value).stream().map(item -> TomlText.string((String) item))
                    .collect(Collectors.joining(", ", "[", "]"));
        }
    };

    /**
     * Request headers: a table of strings in TOML, {@code name=value,name=value} in an environment
     * variable. Values often carry credentials, so messages never quote them.
     */
    static final ValueType HEADERS = new ValueType() {
        @Override
        public String expected() {
            return "a table of header names to values";
        }

        @Override
        public Object fromToml(JsonNode node) {
            if (!node.isObject()) {
                throw new IllegalArgumentException("expected a table of header names to values, got " + describe(node));
            }
            Map<String, String> headers = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> header : node.properties()) {
                if (!header.getValue().isTextual()) {
                    throw new IllegalArgumentException("header " + header.getKey() + " must be a string, got "
                            + describe(header.getValue()));
                }
                headers.put(header.getKey(), header.getValue().textValue());
            }
            return Map.copyOf(headers);
        }

        @Override
        public Object fromText(String text) {
            Map<String, String> headers = new LinkedHashMap<>();
            for (String pair : text.split(",")) {
                int equals = pair.indexOf('=');
                if (equals <= 0) {
                    throw new IllegalArgumentException("expected name=value pairs separated by commas");
                }
                headers.put(pair.substring(0, equals).strip(), pair.substring(equals + 1).strip());
            }
            return Map.copyOf(headers);
        }

        @Override
        public String toToml(Object value) {
            return new TreeMap<>((Map<?, ?>) value).entrySet().stream()
                    .map(e -> TomlText.key((String) e.getKey()) + " = " + TomlText.string((String) e.getValue()))
                    .collect(Collectors.joining(", ", "{ ", " }"));
        }
    };

    /**
     * The {@code [[otlp.failover]]} tables, read as they stand: {@link FailoverTables} reads each one's keys,
     * naming a problem by the table's index. Only a config file (or the operator's settings) holds them.
     */
    static final ValueType FAILOVER_TABLES = new ValueType() {
        @Override
        public String expected() {
            return "[[otlp.failover]] tables, each with endpoint, protocol, timeout, headers and [tls], [authentication]"
                    + " and [oauth2] keys";
        }

        @Override
        public Object fromToml(JsonNode node) {
            if (!node.isArray()) {
                throw new IllegalArgumentException("expected [[otlp.failover]] tables, got " + describe(node));
            }
            for (JsonNode table : node) {
                if (!table.isObject()) {
                    throw new IllegalArgumentException("expected [[otlp.failover]] tables, found " + describe(table) + " among them");
                }
            }
            return node.deepCopy();
        }

        @Override
        public Object fromText(String text) {
            throw new IllegalArgumentException("secondary upstreams are set in the config file only, as [[otlp.failover]] tables");
        }

        @Override
        public String toToml(Object value) {
            throw new UnsupportedOperationException("[[otlp.failover]] tables are rendered by FailoverTables");
        }

        @Override
        public boolean fromEnvironment() {
            return false;
        }
    };

    /**
     * One of an enum's constants, named by {@code key}. Matching ignores case, {@code -} and
     * {@code _}, so {@code mTLS}, {@code high_throughput} and {@code API_KEY} are all understood.
     */
    static <E extends Enum<E>> ValueType oneOf(Class<E> type, Function<E, String> key) {
        List<E> constants = List.of(type.getEnumConstants());
        String choices = constants.stream().map(key).collect(Collectors.joining(", "));
        return new Scalar("one of " + choices, false) {
            @Override
            Object fromTomlScalar(JsonNode node) {
                return node.isTextual() ? fromText(node.textValue()) : null;
            }

            @Override
            public Object fromText(String text) {
                String wanted = normalize(text);
                return constants.stream().filter(c -> normalize(key.apply(c)).equals(wanted)).findFirst()
                        .orElseThrow(() -> new IllegalArgumentException(quote(text) + " is not one of " + choices));
            }

            @SuppressWarnings("unchecked")
            @Override
            public String toToml(Object value) {
                return TomlText.string(key.apply((E) value));
            }
        };
    }

    private static String normalize(String text) {
        return text.strip().toLowerCase(Locale.ROOT).replace("-", "").replace("_", "");
    }

    private static String quote(String text) {
        return "\"" + text + "\"";
    }

    private static String describe(JsonNode node) {
        if (node.isTextual()) {
            return "a string";
        }
        if (node.isBoolean()) {
            return "a boolean";
        }
        if (node.isIntegralNumber()) {
            return "an integer";
        }
        if (node.isNumber()) {
            return "a float";
        }
        if (node.isArray()) {
            return "an array";
        }
        if (node.isObject()) {
            return "a table";
        }
        return node.getNodeType().toString().toLowerCase(Locale.ROOT);
    }

    /**
     * A single TOML value: reading a node of another type is a "wrong type" problem, which quotes
     * the node unless the type holds a credential.
     */
    private abstract static class Scalar implements ValueType {
        private final String expected;
        private final boolean secret;

        Scalar(String expected, boolean secret) {
            this.expected = expected;
            this.secret = secret;
        }

        @Override
        public String expected() {
            return expected;
        }

        /** The value, or null when the node has the wrong type. */
        abstract Object fromTomlScalar(JsonNode node);

        @Override
        public final Object fromToml(JsonNode node) {
            Object value = fromTomlScalar(node);
            if (value == null) {
                String got = describe(node);
                if (!secret && node.isValueNode()) {
                    got += " (" + node.toString() + ")";
                }
                throw new IllegalArgumentException("expected " + expected + ", got " + got);
            }
            return value;
        }
    }

    private static final class Text extends Scalar {
        Text(String expected) {
            super(expected, false);
        }

        @Override
        Object fromTomlScalar(JsonNode node) {
            return node.isTextual() ? node.textValue() : null;
        }

        @Override
        public Object fromText(String text) {
            return text;
        }

        @Override
        public String toToml(Object value) {
            return TomlText.string((String) value);
        }
    }
}
