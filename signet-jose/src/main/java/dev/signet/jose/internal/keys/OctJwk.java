package dev.signet.jose.internal.keys;

import dev.signet.jose.Base64Url;
import dev.signet.jose.JoseException;
import dev.signet.jose.JoseException.Reason;
import dev.signet.jose.JwsAlgorithm;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/** Symmetric ({@code oct}) JWKs (RFC 7518 §6.4): the secret to a JCA key and back, and new secrets. */
public final class OctJwk {

    private OctJwk() {}

    /** The secret of an {@code oct} JWK, which may not be empty. */
    public static KeyMaterial read(Map<String, Object> m) throws JoseException {
        byte[] k = JwkMembers.bytes(m, "k");
        if (k.length == 0) {
            throw new JoseException(Reason.KEY_REJECTED, "symmetric key k is empty");
        }
        // Named after the JWK's HMAC algorithm when it has one: some JCA callers check the name.
        JwsAlgorithm hmac = JwsAlgorithm.fromIdentifier((String) m.get("alg"));
        SecretKey key = new SecretKeySpec(k, hmac != null && hmac.isSymmetric() ? hmac.jcaName() : "RAW");
        int bits = k.length * 8;
        Arrays.fill(k, (byte) 0);
        return new KeyMaterial(null, null, null, key, bits);
    }

    /** The members of an {@code oct} JWK holding {@code secret}. */
    public static Map<String, Object> members(byte[] secret) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kty", "oct");
        m.put("k", Base64Url.encode(secret));
        return m;
    }

    /** The members of a new random secret of {@code bits} bits. */
    public static Map<String, Object> generate(int bits) {
        byte[] k = new byte[bits / 8];
        new SecureRandom().nextBytes(k);
        try {
            return members(k);
        } finally {
            Arrays.fill(k, (byte) 0);
        }
    }
}
