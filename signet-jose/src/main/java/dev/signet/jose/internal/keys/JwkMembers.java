package dev.signet.jose.internal.keys;

import dev.signet.jose.Base64Url;
import dev.signet.jose.Curve;
import dev.signet.jose.JoseException;
import dev.signet.jose.JoseException.Reason;
import dev.signet.jose.KeyType;
import dev.signet.jose.UntrustedText;
import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Reads a JWK's members as the types and lengths RFC 7517 and RFC 7518 §6 require, or rejects them. */
public final class JwkMembers {

    private JwkMembers() {}

    /** A string member that must be present. */
    public static String requireString(Map<String, Object> m, String name) throws JoseException {
        String s = optionalString(m, name);
        if (s == null) {
            throw new JoseException(Reason.MALFORMED, "JWK member \"" + name + "\" is required");
        }
        return s;
    }

    /** A string member, or null when absent; present as JSON null is malformed. */
    public static String optionalString(Map<String, Object> m, String name) throws JoseException {
        Object v = m.get(name);
        if (v == null) {
            if (m.containsKey(name)) {
                throw new JoseException(Reason.MALFORMED, "JWK member \"" + name + "\" must be a string, found null");
            }
            return null;
        }
        if (!(v instanceof String string)) {
            throw new JoseException(Reason.MALFORMED, "JWK member \"" + name + "\" must be a string");
        }
        return string;
    }

    /** {@code key_ops} as a set of distinct strings (RFC 7517 §4.3), or null when absent. */
    public static Set<String> keyOps(Map<String, Object> m) throws JoseException {
        if (!m.containsKey("key_ops")) {
            return null;
        }
        Object v = m.get("key_ops");
        if (!(v instanceof List)) {
            throw new JoseException(Reason.MALFORMED, "JWK member \"key_ops\" must be an array of strings");
        }
        Set<String> ops = new LinkedHashSet<>();
        for (Object o : (List<?>) v) {
            if (!(o instanceof String string)) {
                throw new JoseException(Reason.MALFORMED, "JWK member \"key_ops\" must be an array of strings");
            }
            if (!ops.add(string)) {
                throw new JoseException(
                        Reason.MALFORMED,
                        "JWK key_ops lists \"" + UntrustedText.printable(string) + "\" twice (RFC 7517 §4.3)");
            }
        }
        return Collections.unmodifiableSet(ops);
    }

    /** The {@code x5c} chain, leaf first; empty when absent. */
    public static List<X509Certificate> certificates(Map<String, Object> m) throws JoseException {
        if (!m.containsKey("x5c")) {
            return List.of();
        }
        Object v = m.get("x5c");
        if (!(v instanceof List) || ((List<?>) v).isEmpty()) {
            throw new JoseException(Reason.MALFORMED, "JWK member \"x5c\" must be a non-empty array of strings");
        }
        try {
            CertificateFactory cf = CertificateFactory.getInstance("X.509");
            List<X509Certificate> out = new ArrayList<>();
            for (Object o : (List<?>) v) {
                if (!(o instanceof String string)) {
                    throw new JoseException(Reason.MALFORMED, "x5c entries must be strings");
                }
                // RFC 7517 §4.7: standard Base64 (not Base64URL) DER.
                byte[] der = Base64.getDecoder().decode(string);
                out.add((X509Certificate) cf.generateCertificate(new ByteArrayInputStream(der)));
            }
            return Collections.unmodifiableList(out);
        } catch (CertificateException | IllegalArgumentException e) {
            throw new JoseException(Reason.MALFORMED, "x5c holds an unreadable certificate");
        }
    }

    /** {@code crv}, which must name a curve of key type {@code type}. */
    public static Curve curve(Map<String, Object> m, KeyType type) throws JoseException {
        String crv = requireString(m, "crv");
        Curve c = Curve.fromIdentifier(crv);
        if (c == null || c.keyType() != type) {
            throw new JoseException(
                    Reason.UNSUPPORTED,
                    "unsupported crv \"" + UntrustedText.printable(crv) + "\" for kty " + type.identifier());
        }
        return c;
    }

    /** A required Base64URL member, decoded. */
    public static byte[] bytes(Map<String, Object> m, String name) throws JoseException {
        String s = requireString(m, name);
        try {
            return Base64Url.decode(s);
        } catch (JoseException e) {
            throw new JoseException(Reason.MALFORMED, "JWK member \"" + name + "\": " + e.detail());
        }
    }

    /** A required Base64URL member of exactly {@code length} bytes, decoded. */
    public static byte[] fixedBytes(Map<String, Object> m, String name, int length) throws JoseException {
        byte[] b = bytes(m, name);
        if (b.length != length) {
            throw new JoseException(
                    Reason.KEY_REJECTED, "JWK member \"" + name + "\" must be " + length + " bytes, found " + b.length);
        }
        return b;
    }

    /** A required, non-empty Base64URL unsigned integer member (RFC 7518 §2). */
    public static BigInteger bigInt(Map<String, Object> m, String name) throws JoseException {
        byte[] b = bytes(m, name);
        if (b.length == 0) {
            throw new JoseException(Reason.MALFORMED, "JWK member \"" + name + "\" is empty");
        }
        return new BigInteger(1, b);
    }
}
