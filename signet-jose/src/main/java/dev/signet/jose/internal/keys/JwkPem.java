package dev.signet.jose.internal.keys;

import dev.signet.jose.Base64Url;
import dev.signet.jose.JoseException;
import dev.signet.jose.Jwk;
import dev.signet.jose.KeyType;
import java.security.KeyPair;
import java.util.Arrays;
import java.util.Map;

/** PEM (RFC 7468) for JWKs: the members of a PEM key or certificate, and a JWK's keys as SPKI and PKCS#8. */
public final class JwkPem {

    private JwkPem() {}

    /**
     * The members of a PEM public key ({@code PUBLIC KEY}, SPKI), private key ({@code PRIVATE KEY},
     * PKCS#8; for RSA, EC with its public point, and OKP the public half is derived) or certificate.
     */
    public static Map<String, Object> members(String pem) throws JoseException {
        KeyPair pair = Pem.readKey(pem);
        return pair.getPrivate() == null ? JcaKeyMembers.ofPublic(pair.getPublic()) : JcaKeyMembers.ofPair(pair);
    }

    /** The public key as {@code PUBLIC KEY} (SPKI). */
    public static String publicKey(Jwk key) {
        if (key.publicKey() == null) {
            throw new IllegalStateException("a symmetric (oct) key has no PEM form");
        }
        return Pem.write("PUBLIC KEY", key.publicKey().getEncoded());
    }

    /** The private key as {@code PRIVATE KEY} (PKCS#8; for EC with its public point, as OpenSSL writes it). */
    public static String privateKey(Jwk key) {
        if (key.privateKey() == null) {
            throw new IllegalStateException("this JWK holds no private key");
        }
        if (key.keyType() == KeyType.EC) {
            Map<String, Object> m = key.members();
            byte[] d = decoded(m, "d");
            try {
                return Pem.write("PRIVATE KEY", Pem.ecPkcs8(key.curve(), d, decoded(m, "x"), decoded(m, "y")));
            } finally {
                Arrays.fill(d, (byte) 0);
            }
        }
        return Pem.write("PRIVATE KEY", key.privateKey().getEncoded());
    }

    /** A Base64URL member that was validated at parse time, decoded again. */
    private static byte[] decoded(Map<String, Object> m, String name) {
        try {
            return Base64Url.decode((String) m.get(name));
        } catch (JoseException e) {
            throw new IllegalStateException("validated member " + name + " no longer decodes", e);
        }
    }
}
