package dev.signet.jose.internal.keys;

import static dev.signet.jose.internal.keys.JwkMembers.fixedBytes;

import dev.signet.jose.Base64Url;
import dev.signet.jose.JoseException;
import dev.signet.jose.JoseException.Reason;
import dev.signet.jose.JwsAlgorithm;
import dev.signet.jose.KeyType;
import dev.signet.jose.UntrustedText;
import dev.signet.jose.internal.jws.MlDsa;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * ML-DSA ({@code AKP}) JWKs (draft-ietf-cose-dilithium): {@code pub} and the 32-byte seed
 * {@code priv} to JCA keys and back, and new keys.
 */
public final class AkpJwk {

    private AkpJwk() {}

    /** The keys of an {@code AKP} JWK, whose {@code alg} names the ML-DSA parameter set. */
    public static KeyMaterial read(Map<String, Object> m) throws JoseException {
        String alg = (String) m.get("alg");
        JwsAlgorithm a = JwsAlgorithm.fromIdentifier(alg);
        if (a == null || a.keyType() != KeyType.AKP) {
            throw new JoseException(
                    alg == null ? Reason.MALFORMED : Reason.UNSUPPORTED,
                    "AKP key needs alg ML-DSA-44, ML-DSA-65 or ML-DSA-87, found "
                            + (alg == null ? "none" : "\"" + UntrustedText.printable(alg) + "\""));
        }
        byte[] pubBytes = fixedBytes(m, "pub", MlDsa.publicKeyLength(a));
        PublicKey pub = Keys.publicFromSpki(a.jcaName(), Keys.spki(Keys.mlDsaOid(a), pubBytes), a.identifier());
        PrivateKey priv = null;
        if (m.containsKey("priv")) {
            byte[] seed = fixedBytes(m, "priv", 32);
            try {
                priv = privateKey(a, seed, pub);
            } finally {
                Arrays.fill(seed, (byte) 0);
            }
        }
        return new KeyMaterial(null, pub, priv, null, pubBytes.length * 8);
    }

    /**
     * The ML-DSA private key for a seed. The JDK's generator derives it from the seed; providers
     * that read seed-form PKCS#8 (RFC 9881) get that instead, and a signature made with the result
     * must verify under {@code pub}, so a seed never pairs with someone else's public key.
     */
    private static PrivateKey privateKey(JwsAlgorithm a, byte[] seed, PublicKey pub) throws JoseException {
        try {
            KeyPair derived = SeededKeyGen.fromSeed(a.jcaName(), seed);
            if (!Arrays.equals(derived.getPublic().getEncoded(), pub.getEncoded())) {
                throw new JoseException(Reason.KEY_REJECTED, "AKP priv does not belong to pub");
            }
            return derived.getPrivate();
        } catch (GeneralSecurityException notSeeded) {
            // fall through to seed-form PKCS#8
        }
        PrivateKey priv = Keys.privateFromPkcs8(
                a.jcaName(), Keys.pkcs8(Keys.mlDsaOid(a), Der.element(0x80, seed)), a.identifier());
        try {
            byte[] probe = "signet ML-DSA key pair check".getBytes(StandardCharsets.US_ASCII);
            byte[] sig = MlDsa.INSTANCE.sign(a, priv, probe, 0, probe.length, null);
            if (!MlDsa.INSTANCE.verify(a, pub, probe, 0, probe.length, sig, null)) {
                throw new JoseException(Reason.KEY_REJECTED, "AKP priv does not belong to pub");
            }
        } catch (GeneralSecurityException e) {
            throw new JoseException(
                    Reason.UNSUPPORTED, "cannot use an " + a.identifier() + " private key here: " + e.getMessage());
        }
        return priv;
    }

    /** Adds {@code kty}, {@code alg} and {@code pub}, the raw public key in {@code spki}. */
    public static void putPublic(JwsAlgorithm a, byte[] spki, String oid, Map<String, Object> m) {
        m.put("kty", "AKP");
        m.put("alg", a.identifier());
        m.put("pub", Base64Url.encode(Keys.rawFromSpki(spki, oid)));
    }

    /** Adds {@code priv}, the seed of {@code key}. */
    public static void putPrivate(PrivateKey key, Map<String, Object> m) throws JoseException {
        m.put("priv", Base64Url.encode(seed(key)));
    }

    private static byte[] seed(PrivateKey p) throws JoseException {
        try {
            Der.Reader seq = new Der.Reader(p.getEncoded()).sequence();
            seq.integerBytes();
            seq.sequence();
            Der.Reader inner = new Der.Reader(seq.read(Der.OCTET_STRING));
            int tag = inner.peekTag();
            if (tag == 0x80) {
                return inner.read(0x80);
            }
            if (tag == Der.SEQUENCE) {
                return inner.sequence().read(Der.OCTET_STRING);
            }
        } catch (IllegalArgumentException | NullPointerException e) {
            // fall through
        }
        throw new JoseException(
                Reason.UNSUPPORTED, "the provider does not expose the ML-DSA seed, which an AKP" + " JWK needs");
    }

    /** The members of a new {@code alg} key: from a fresh seed, or from the provider's own pair when it takes none. */
    public static Map<String, Object> generate(JwsAlgorithm alg) throws GeneralSecurityException, JoseException {
        byte[] seed = new byte[32];
        new SecureRandom().nextBytes(seed);
        try {
            KeyPair kp = SeededKeyGen.fromSeed(alg.jcaName(), seed);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("kty", "AKP");
            m.put("alg", alg.identifier());
            m.put("pub", Base64Url.encode(Keys.rawFromSpki(kp.getPublic().getEncoded(), Keys.mlDsaOid(alg))));
            m.put("priv", Base64Url.encode(seed));
            return m;
        } catch (GeneralSecurityException notSeeded) {
            // A provider that draws its own randomness: take the seed from its encoding.
            return JcaKeyMembers.ofPair(
                    KeyPairGenerator.getInstance(alg.jcaName()).generateKeyPair());
        } finally {
            Arrays.fill(seed, (byte) 0);
        }
    }
}
