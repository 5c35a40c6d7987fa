package dev.signet.jose.internal.json;

import dev.signet.jose.JoseException;
import dev.signet.jose.JoseException.Reason;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.core.util.JsonRecyclerPools;

/**
 * Strict JSON for JOSE on Jackson's streaming core: objects become immutable insertion-ordered
 * maps, arrays immutable lists, numbers {@code Long}, {@code BigInteger} or {@code Double}.
 *
 * <p>Duplicate member names are rejected (RFC 7515 §5.2, RFC 7519 §4), as are trailing content
 * and anything Jackson's non-standard features would allow. Nesting depth and document size are
 * bounded. One factory per depth limit is built once and reused; parsers are cheap.
 */
public final class Json {

    /** Default maximum nesting depth of a header or claims object. */
    public static final int DEFAULT_MAX_DEPTH = 16;

    private static final Map<Integer, JsonFactory> FACTORIES = new ConcurrentHashMap<>();
    private static final JsonFactory WRITER = JsonFactory.builder().build();
    private static final String UNRECOGNIZED_TOKEN = "Unrecognized token '";

    private Json() {}

    private static JsonFactory factory(int maxDepth) {
        // Duplicate names are rejected in readObject rather than by STRICT_DUPLICATE_DETECTION, whose
        // detector allocates a HashSet for every object of three or more members: most of a token's JSON.
        return FACTORIES.computeIfAbsent(
                maxDepth,
                d -> JsonFactory.builder()
                        .recyclerPool(JsonRecyclerPools.threadLocalPool())
                        .streamReadConstraints(StreamReadConstraints.builder()
                                .maxNestingDepth(d)
                                .maxNumberLength(1000)
                                .maxNameLength(50_000)
                                .build())
                        .build());
    }

    /** Parses a JSON object from UTF-8 bytes with the default depth limit. */
    public static Map<String, Object> parseObject(byte[] utf8) throws JoseException {
        return parseObject(utf8, 0, utf8.length, DEFAULT_MAX_DEPTH);
    }

    /** Parses a JSON object from a string with the default depth limit. */
    public static Map<String, Object> parseObject(String json) throws JoseException {
        byte[] b = json.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        return parseObject(b, 0, b.length, DEFAULT_MAX_DEPTH);
    }

    /**
     * Parses exactly one JSON object from {@code utf8[off, off+len)}.
     *
     * @throws JoseException {@code MALFORMED} if it is not one strict JSON object,
     *     {@code TOO_LARGE} if it exceeds the depth limit
     */
    public static Map<String, Object> parseObject(byte[] utf8, int off, int len, int maxDepth) throws JoseException {
        try (JsonParser p = factory(maxDepth).createParser(ObjectReadContext.empty(), utf8, off, len)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new JoseException(Reason.MALFORMED, "expected a JSON object");
            }
            Map<String, Object> result = readObject(p);
            if (p.nextToken() != null) {
                throw new JoseException(Reason.MALFORMED, "unexpected content after the JSON object");
            }
            return result;
        } catch (StreamConstraintsException e) {
            throw new JoseException(Reason.TOO_LARGE, "JSON exceeds a limit: " + firstLine(e));
        } catch (JacksonException e) {
            throw new JoseException(Reason.MALFORMED, "invalid JSON: " + firstLine(e));
        }
    }

    private static String firstLine(JacksonException e) {
        String m = e.getOriginalMessage();
        if (m == null) {
            return e.getClass().getSimpleName();
        }
        int nl = m.indexOf('\n');
        String line = nl < 0 ? m : m.substring(0, nl);
        // Jackson quotes an unrecognized bare word verbatim; in a JWK with a quoting typo that word is key material.
        int echoEnd = line.startsWith(UNRECOGNIZED_TOKEN) ? line.indexOf("': was expecting") : -1;
        if (echoEnd > 0) {
            line = "Unrecognized token" + line.substring(echoEnd + 1);
        }
        return line.length() > 200 ? line.substring(0, 200) + "…" : line;
    }

    private static Map<String, Object> readObject(JsonParser p) throws JoseException {
        JsonObject.Builder object = new JsonObject.Builder();
        String name;
        while ((name = p.nextName()) != null) {
            if (!object.add(name, readValue(p, p.nextToken()))) {
                // Jackson's exception and wording, as STRICT_DUPLICATE_DETECTION reported it. (Jackson
                // reads a literal value with its name, so a duplicate whose value is also a malformed
                // literal is reported as the malformed literal: MALFORMED either way.)
                throw new StreamReadException(p, "Duplicate Object property \"" + name + "\"");
            }
        }
        if (!p.hasToken(JsonToken.END_OBJECT)) {
            throw new JoseException(Reason.MALFORMED, "unterminated JSON object");
        }
        return object.build();
    }

    private static Object readValue(JsonParser p, JsonToken t) throws JoseException {
        if (t == null) {
            throw new JoseException(Reason.MALFORMED, "truncated JSON");
        }
        switch (t) {
            case VALUE_STRING -> {
                return p.getString();
            }
            case VALUE_NUMBER_INT -> {
                return p.getNumberType() == JsonParser.NumberType.BIG_INTEGER
                        ? p.getBigIntegerValue()
                        : (Object) p.getLongValue();
            }
            case VALUE_NUMBER_FLOAT -> {
                double d = p.getDoubleValue();
                if (!Double.isFinite(d)) {
                    // RFC 7493 §2.2: beyond the double range a number has no value here, and could not be written back.
                    throw new JoseException(Reason.MALFORMED, "a JSON number is beyond the range of a double");
                }
                return d;
            }
            case VALUE_TRUE -> {
                return true;
            }
            case VALUE_FALSE -> {
                return false;
            }
            case VALUE_NULL -> {
                return null;
            }
            case START_OBJECT -> {
                return readObject(p);
            }
            case START_ARRAY -> {
                List<Object> list = new ArrayList<>();
                JsonToken e;
                while ((e = p.nextToken()) != JsonToken.END_ARRAY) {
                    list.add(readValue(p, e));
                }
                return Collections.unmodifiableList(list);
            }
            default -> throw new JoseException(Reason.MALFORMED, "unexpected JSON token " + t);
        }
    }

    /** Writes a JSON object as compact UTF-8. Values: String, Number, Boolean, null, List, Map. */
    public static byte[] write(Map<String, ?> object) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator g = WRITER.createGenerator(ObjectWriteContext.empty(), out)) {
            writeValue(g, object);
        }
        return out.toByteArray();
    }

    /** Writes a JSON object as a compact string. */
    public static String writeString(Map<String, ?> object) {
        return new String(write(object), java.nio.charset.StandardCharsets.UTF_8);
    }

    private static void writeValue(JsonGenerator g, Object v) {
        if (v == null) {
            g.writeNull();
        } else if (v instanceof String string) {
            g.writeString(string);
        } else if (v instanceof Boolean b) {
            g.writeBoolean(b);
        } else if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
            g.writeNumber(((Number) v).longValue());
        } else if (v instanceof BigInteger bigInteger) {
            g.writeNumber(bigInteger);
        } else if (v instanceof BigDecimal bigDecimal) {
            g.writeNumber(bigDecimal);
        } else if (v instanceof Double || v instanceof Float) {
            double d = ((Number) v).doubleValue();
            if (!Double.isFinite(d)) {
                throw new IllegalArgumentException("JSON has no representation for " + d);
            }
            g.writeNumber(d);
        } else if (v instanceof Map) {
            g.writeStartObject();
            for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
                if (!(e.getKey() instanceof String)) {
                    throw new IllegalArgumentException("JSON member names must be strings");
                }
                g.writeName((String) e.getKey());
                writeValue(g, e.getValue());
            }
            g.writeEndObject();
        } else if (v instanceof Collection) {
            g.writeStartArray();
            for (Object o : (Collection<?>) v) {
                writeValue(g, o);
            }
            g.writeEndArray();
        } else if (v instanceof Object[] array) {
            writeValue(g, java.util.Arrays.asList(array));
        } else {
            throw new IllegalArgumentException("cannot write a " + v.getClass().getName() + " as JSON");
        }
    }

    /** A deep, immutable copy of a JSON value built by callers, checking that every value is writable. */
    public static Object copyValue(Object v) {
        if (v == null || v instanceof String || v instanceof Boolean || v instanceof Long || v instanceof Double) {
            return v;
        }
        if (v instanceof BigInteger b) {
            // One representation per value, as the parser produces: Long when it fits.

            return b.bitLength() < 64 ? (Object) b.longValue() : b;
        }
        if (v instanceof Integer || v instanceof Short || v instanceof Byte) {
            return ((Number) v).longValue();
        }
        if (v instanceof Float f) {
            return f.doubleValue();
        }
        if (v instanceof BigDecimal d) {

            try {
                return copyValue(d.toBigIntegerExact());
            } catch (ArithmeticException notInteger) {
                return d.doubleValue();
            }
        }
        if (v instanceof Map) {
            Map<String, Object> m = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
                if (!(e.getKey() instanceof String)) {
                    throw new IllegalArgumentException("JSON member names must be strings");
                }
                m.put((String) e.getKey(), copyValue(e.getValue()));
            }
            return Collections.unmodifiableMap(m);
        }
        if (v instanceof Collection) {
            List<Object> l = new ArrayList<>();
            for (Object o : (Collection<?>) v) {
                l.add(copyValue(o));
            }
            return Collections.unmodifiableList(l);
        }
        if (v instanceof Object[] array) {
            return copyValue(java.util.Arrays.asList(array));
        }
        throw new IllegalArgumentException("not a JSON value: " + v.getClass().getName());
    }
}
