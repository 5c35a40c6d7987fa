package dev.signet.cli.io;

import dev.signet.jose.JoseException;
import dev.signet.jose.JwtClaims;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;

/**
 * The CLI's own JSON: strict reading of documents the user hands in, through signet-jose's parser
 * (duplicate names, depth and number limits), and printing that is safe for a terminal — every
 * control, bidi and line-separator character in untrusted text is escaped, so a token cannot move
 * the cursor or recolour the screen.
 */
public final class JsonText {

    /** Thrown when text is not the JSON expected; the message is one line. */
    public static final class InvalidJson extends Exception {
        private static final long serialVersionUID = 1L;

        InvalidJson(String message) {
            super(message);
        }
    }

    /** The one member of the object a non-object value is read inside. */
    private static final String WRAPPED = "value";

    private JsonText() {}

    /** Parses one JSON value: Map, List, String, Long, BigInteger, Double, Boolean or null. */
    public static Object parse(String json) throws InvalidJson {
        String t = json.strip();
        if (t.isEmpty()) {
            throw new InvalidJson("no JSON value");
        }
        if (t.startsWith("{")) {
            return parseObject(t);
        }
        try {
            return wrapped(t);
        } catch (JoseException e) {
            throw new InvalidJson(describe(e));
        }
    }

    /** Parses a JSON object. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> parseObject(String json) throws InvalidJson {
        JoseException failure;
        try {
            return JwtClaims.parse(json).asMap();
        } catch (JoseException e) {
            failure = e;
        }
        // JwtClaims also checks the types of registered claims (iss a string, exp a number), which a
        // JSON document need not follow: sound JSON read as the value of a wrapper parses.
        Object value;
        try {
            value = wrapped(json);
        } catch (JoseException e) {
            throw new InvalidJson(describe(failure));
        }
        if (!(value instanceof Map)) {
            throw new InvalidJson("expected a JSON object");
        }
        return (Map<String, Object>) value;
    }

    /**
     * The value of {@code {"value": json}}. A wrapper with any other member means {@code json} was
     * more than one value (as {@code 1, "x": 2} is).
     */
    private static Object wrapped(String json) throws JoseException, InvalidJson {
        Map<String, Object> wrapper =
                JwtClaims.parse("{\"" + WRAPPED + "\":" + json + "}").asMap();
        if (wrapper.size() != 1) {
            throw new InvalidJson("unexpected content after the JSON value");
        }
        return wrapper.get(WRAPPED);
    }

    /** The CLI's one-line wording of a parse failure, escaped for the terminal. */
    private static String describe(JoseException e) {
        String detail = e.detail();
        String duplicate = "invalid JSON: Duplicate Object property \"";
        if (detail.startsWith("invalid JSON: Unrecognized token")) {
            // Jackson echoes an unrecognized bare word, which in a key file may be key material.
            return "invalid JSON: unrecognized token";
        }
        if (detail.startsWith(duplicate) && detail.endsWith("\"")) {
            return "duplicate member \"" + escape(detail.substring(duplicate.length(), detail.length() - 1)) + "\"";
        }
        if (detail.startsWith("unexpected content after")) {
            return "unexpected content after the JSON value";
        }
        if (detail.startsWith("invalid JSON: ") || detail.equals("expected a JSON object")) {
            return printable(detail);
        }
        return "invalid JSON: " + printable(detail);
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
        } else if (v instanceof String string) {
            sb.append(style.string(quote(string)));
        } else if (v instanceof Double || v instanceof Float) {
            double d = ((Number) v).doubleValue();
            sb.append(style.number(
                    d == Math.rint(d) && Math.abs(d) < 1e15 ? String.valueOf((long) d) : String.valueOf(d)));
        } else if (v instanceof BigDecimal bigDecimal) {
            sb.append(style.number(bigDecimal.toString()));
        } else if (v instanceof Number number) {
            sb.append(style.number(v instanceof BigInteger ? v.toString() : String.valueOf(number.longValue())));
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
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (isTerminalUnsafe(c)) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.toString();
    }

    /** {@code s} with every character a terminal could act on as {@code \}{@code uXXXX}, and nothing else changed. */
    static String printable(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (isTerminalUnsafe(c)) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    /** C0 and C1 controls, DEL, line and paragraph separators, and bidi controls: what a terminal could act on. */
    public static boolean isTerminalUnsafe(char c) {
        return c < 0x20
                || (c >= 0x7f && c <= 0x9f)
                || c == '\u2028'
                || c == '\u2029'
                || (c >= '\u202a' && c <= '\u202e')
                || (c >= '\u2066' && c <= '\u2069')
                || c == '\u200e'
                || c == '\u200f'
                || c == '\u061c';
    }
}
