package dev.signet.cli.io;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.json.JsonFactory;

/**
 * The CLI's own JSON: strict parsing of documents the user hands in (duplicate names, depth and
 * number limits), and printing that is safe for a terminal — every control, bidi and line-separator
 * character in untrusted text is escaped, so a token cannot move the cursor or recolour the screen.
 */
public final class JsonText {

    /** Thrown when text is not the JSON expected; the message is one line. */
    public static final class InvalidJson extends Exception {
        private static final long serialVersionUID = 1L;

        InvalidJson(String message) {
            super(message);
        }
    }

    private static final JsonFactory FACTORY = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(64).maxNumberLength(1000).maxStringLength(1 << 20).build())
            .build();

    private JsonText() {
    }

    /** Parses one JSON value: Map, List, String, Long, BigInteger, Double, BigDecimal, Boolean or null. */
    public static Object parse(String json) throws InvalidJson {
        byte[] utf8 = json.getBytes(StandardCharsets.UTF_8);
        try (JsonParser p = FACTORY.createParser(ObjectReadContext.empty(), utf8)) {
            JsonToken first = p.nextToken();
            if (first == null) {
                throw new InvalidJson("no JSON value");
            }
            Object value = read(p, first);
            if (p.nextToken() != null) {
                throw new InvalidJson("unexpected content after the JSON value");
            }
            return value;
        } catch (JacksonException e) {
            String m = e.getOriginalMessage() == null ? e.getClass().getSimpleName() : e.getOriginalMessage();
            int nl = m.indexOf('\n');
            m = nl < 0 ? m : m.substring(0, nl);
            // Jackson echoes an unrecognized bare word, which in a key file may be key material.
            if (m.startsWith("Unrecognized token '")) {
                m = "unrecognized token";
            }
            throw new InvalidJson("invalid JSON: " + (m.length() > 160 ? m.substring(0, 160) + "…" : m));
        }
    }

    /** Parses a JSON object. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> parseObject(String json) throws InvalidJson {
        Object v = parse(json);
        if (!(v instanceof Map)) {
            throw new InvalidJson("expected a JSON object");
        }
        return (Map<String, Object>) v;
    }

    private static Object read(JsonParser p, JsonToken t) throws InvalidJson {
        switch (t) {
            case START_OBJECT: {
                Map<String, Object> m = new LinkedHashMap<>();
                String name;
                while ((name = p.nextName()) != null) {
                    if (m.containsKey(name)) {
                        throw new InvalidJson("duplicate member \"" + escape(name) + "\"");
                    }
                    m.put(name, read(p, p.nextToken()));
                }
                return Collections.unmodifiableMap(m);
            }
            case START_ARRAY: {
                List<Object> l = new ArrayList<>();
                JsonToken e;
                while ((e = p.nextToken()) != JsonToken.END_ARRAY) {
                    l.add(read(p, e));
                }
                return Collections.unmodifiableList(l);
            }
            case VALUE_STRING:
                return p.getString();
            case VALUE_NUMBER_INT:
                return p.getNumberType() == JsonParser.NumberType.BIG_INTEGER
                        ? p.getBigIntegerValue() : (Object) p.getLongValue();
            case VALUE_NUMBER_FLOAT: {
                double d = p.getDoubleValue();
                return Double.isFinite(d) ? (Object) d : p.getDecimalValue();
            }
            case VALUE_TRUE:
                return Boolean.TRUE;
            case VALUE_FALSE:
                return Boolean.FALSE;
            case VALUE_NULL:
                return null;
            default:
                throw new InvalidJson("unexpected JSON token " + t);
        }
    }

    /** Compact JSON. */
    public static String compact(Object value) {
        StringBuilder sb = new StringBuilder();
        write(sb, value, -1, 0, Style.PLAIN);
        return sb.toString();
    }

    /** Indented JSON (two spaces), coloured by {@code style}. */
    public static String pretty(Object value, Style style) {
        StringBuilder sb = new StringBuilder();
        write(sb, value, 2, 0, style);
        return sb.toString();
    }

    private static void write(StringBuilder sb, Object v, int indent, int depth, Style style) {
        if (v instanceof Map) {
            Map<?, ?> m = (Map<?, ?>) v;
            if (m.isEmpty()) {
                sb.append("{}");
                return;
            }
            sb.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : m.entrySet()) {
                sb.append(first ? "" : ",");
                first = false;
                newline(sb, indent, depth + 1);
                sb.append(style.key(quote(String.valueOf(e.getKey())))).append(indent < 0 ? ":" : ": ");
                write(sb, e.getValue(), indent, depth + 1, style);
            }
            newline(sb, indent, depth);
            sb.append('}');
        } else if (v instanceof List) {
            List<?> l = (List<?>) v;
            if (l.isEmpty()) {
                sb.append("[]");
                return;
            }
            sb.append('[');
            boolean first = true;
            for (Object o : l) {
                sb.append(first ? "" : ",");
                first = false;
                newline(sb, indent, depth + 1);
                write(sb, o, indent, depth + 1, style);
            }
            newline(sb, indent, depth);
            sb.append(']');
        } else if (v instanceof String) {
            sb.append(style.string(quote((String) v)));
        } else if (v instanceof Double || v instanceof Float) {
            double d = ((Number) v).doubleValue();
            sb.append(style.number(d == Math.rint(d) && Math.abs(d) < 1e15 ? String.valueOf((long) d)
                    : String.valueOf(d)));
        } else if (v instanceof BigDecimal) {
            sb.append(style.number(((BigDecimal) v).toString()));
        } else if (v instanceof Number) {
            sb.append(style.number(v instanceof BigInteger ? v.toString() : String.valueOf(((Number) v).longValue())));
        } else if (v instanceof Boolean || v == null) {
            sb.append(style.literal(String.valueOf(v)));
        } else {
            sb.append(style.string(quote(v.toString())));
        }
    }

    private static void newline(StringBuilder sb, int indent, int depth) {
        if (indent >= 0) {
            sb.append('\n');
            for (int i = 0; i < indent * depth; i++) {
                sb.append(' ');
            }
        }
    }

    /** A JSON string literal, terminal-safe. */
    public static String quote(String s) {
        return '"' + escape(s) + '"';
    }

    /**
     * JSON string content with {@code "} and {@code \} escaped, and {@code \}{@code uXXXX} for
     * every character a terminal could act on: C0 and C1 controls, DEL, line and paragraph
     * separators, and bidi controls (Trojan Source).
     */
    public static String escape(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"':
                    sb.append("\\\"");
                    break;
                case '\\':
                    sb.append("\\\\");
                    break;
                case '\n':
                    sb.append("\\n");
                    break;
                case '\r':
                    sb.append("\\r");
                    break;
                case '\t':
                    sb.append("\\t");
                    break;
                default:
                    if (isTerminalUnsafe(c)) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
            }
        }
        return sb.toString();
    }

    /** C0 and C1 controls, DEL, line and paragraph separators, and bidi controls: what a terminal could act on. */
    public static boolean isTerminalUnsafe(char c) {
        return c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == '\u2028' || c == '\u2029'
                || (c >= '\u202a' && c <= '\u202e') || (c >= '\u2066' && c <= '\u2069')
                || c == '\u200e' || c == '\u200f' || c == '\u061c';
    }
}
