package dev.signet.jose;

import dev.signet.jose.JoseException.Reason;
import dev.signet.jose.internal.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A JWK Set (RFC 7517 §5): an immutable list of keys.
 *
 * <p>Keys that cannot be used here (unknown {@code kty}, a curve or algorithm the runtime lacks,
 * invalid members) are skipped, as RFC 7517 §5 recommends, and reported by {@link #skipped()}; the
 * set itself must be a JSON object with a {@code keys} array.
 */
public final class JwkSet {

    /** Default maximum size of a JWK Set document: 512 KiB. */
    public static final int DEFAULT_MAX_BYTES = 512 * 1024;

    private final List<Jwk> keys;
    private final List<String> skipped;

    private JwkSet(List<Jwk> keys, List<String> skipped) {
        this.keys = Collections.unmodifiableList(keys);
        this.skipped = Collections.unmodifiableList(skipped);
    }

    /** A set of the given keys. */
    public static JwkSet of(Jwk... keys) {
        return new JwkSet(List.of(keys), List.of());
    }

    /** A set of the given keys. */
    public static JwkSet of(List<Jwk> keys) {
        return new JwkSet(List.copyOf(keys), List.of());
    }

    /** Parses a JWK Set document of at most {@link #DEFAULT_MAX_BYTES}. */
    public static JwkSet parse(String json) throws JoseException {
        return parse(json.getBytes(StandardCharsets.UTF_8), DEFAULT_MAX_BYTES);
    }

    /** Parses a JWK Set document of at most {@code maxBytes}. */
    public static JwkSet parse(byte[] utf8, int maxBytes) throws JoseException {
        if (utf8.length > maxBytes) {
            throw new JoseException(Reason.TOO_LARGE, "JWK Set of " + utf8.length + " bytes exceeds " + maxBytes);
        }
        Map<String, Object> doc = Json.parseObject(utf8);
        Object ks = doc.get("keys");
        if (!(ks instanceof List)) {
            throw new JoseException(Reason.MALFORMED, "a JWK Set needs a \"keys\" array");
        }
        List<Jwk> keys = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        int i = 0;
        for (Object o : (List<?>) ks) {
            if (!(o instanceof Map)) {
                throw new JoseException(Reason.MALFORMED, "JWK Set entry " + i + " is not an object");
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> member = (Map<String, Object>) o;
            try {
                keys.add(Jwk.fromMap(member));
            } catch (JoseException e) {
                Object kid = member.get("kid");
                skipped.add("key " + i
                        + (kid instanceof String string ? " (kid " + UntrustedText.printable(string) + ")" : "") + ": "
                        + e.getMessage());
            }
            i++;
        }
        return new JwkSet(keys, skipped);
    }

    /** The usable keys, in document order. */
    public List<Jwk> keys() {
        return keys;
    }

    /** One line per key that was skipped while parsing, saying why. */
    public List<String> skipped() {
        return skipped;
    }

    /** Keys whose {@code kid} equals {@code kid}. */
    public List<Jwk> byKeyId(String kid) {
        List<Jwk> out = new ArrayList<>(1);
        for (Jwk k : keys) {
            if (kid.equals(k.keyId())) {
                out.add(k);
            }
        }
        return out;
    }

    /** The set as JSON, including private members of private keys. */
    public String toJson() {
        List<Object> list = new ArrayList<>();
        for (Jwk k : keys) {
            list.add(k.members());
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("keys", list);
        return Json.writeString(doc);
    }

    /** The public set: each asymmetric key's public view; symmetric keys are left out. */
    public JwkSet toPublicSet() {
        List<Jwk> pub = new ArrayList<>();
        for (Jwk k : keys) {
            if (k.keyType() != KeyType.OCT) {
                pub.add(k.toPublicJwk());
            }
        }
        return new JwkSet(pub, List.of());
    }

    @Override
    public String toString() {
        return "JwkSet" + keys;
    }
}
