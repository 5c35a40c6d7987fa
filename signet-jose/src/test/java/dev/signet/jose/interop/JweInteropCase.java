package dev.signet.jose.interop;

import dev.signet.jose.ContentEncryption;
import dev.signet.jose.Curve;
import dev.signet.jose.JoseException;
import dev.signet.jose.JweAlgorithm;
import dev.signet.jose.Jwk;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One cell of the JWE interop matrix: a key management algorithm, a content encryption and, for
 * ECDH-ES, the recipient's curve. Its {@code toString} is what the test names show
 * ({@code ECDH-ES+A128KW/P-384 A256GCM}). The recipient's keys are made once per cell kind and
 * shared: an RSA 2048 key pair, an EC or OKP key pair per curve, {@code oct} keys of the size
 * the algorithm (or, for {@code dir}, the content encryption) needs, a password for PBES2.
 */
record JweInteropCase(JweAlgorithm alg, ContentEncryption enc, Curve curve) {

    static final String PASSWORD = "Thus from my lips, by yours, my sin is purged.";
    /** PBES2 iterations both sides use here: the encrypter's minimum, so the matrix runs fast. */
    static final int P2C = 1000;

    private static final Map<String, Jwk> KEYS = new ConcurrentHashMap<>();

    /** Every algorithm (RSA1_5 included: decrypting it takes Signet's opt-in), every enc, every ECDH curve. */
    static List<JweInteropCase> all() {
        List<JweInteropCase> all = new ArrayList<>();
        for (JweAlgorithm alg : JweAlgorithm.values()) {
            for (ContentEncryption enc : ContentEncryption.values()) {
                if (alg.keyType() == dev.signet.jose.KeyType.EC) {
                    for (Curve c : List.of(Curve.P_256, Curve.P_384, Curve.P_521, Curve.X25519, Curve.X448)) {
                        all.add(new JweInteropCase(alg, enc, c));
                    }
                } else {
                    all.add(new JweInteropCase(alg, enc, null));
                }
            }
        }
        return all;
    }

    boolean isPbes2() {
        return alg.identifier().startsWith("PBES2");
    }

    boolean isRsa() {
        return alg.keyType() == dev.signet.jose.KeyType.RSA;
    }

    boolean isEcdh() {
        return curve != null;
    }

    /** The recipient's private key, or the shared secret or password as an {@code oct} JWK. */
    Jwk recipientKey() {
        String name = isRsa()
                ? "RSA"
                : isEcdh()
                        ? curve.identifier()
                        : isPbes2() ? "password" : alg == JweAlgorithm.DIR ? "oct" + enc.keyBits() : "oct" + wrapBits();
        return KEYS.computeIfAbsent(name, n -> {
            try {
                if (isRsa()) {
                    KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
                    g.initialize(2048);
                    return Jwk.fromKeyPair(g.generateKeyPair()).withKeyId("interop-rsa");
                }
                if (isEcdh()) {
                    return Jwk.generate(curve).withKeyId("interop-" + curve.identifier());
                }
                if (isPbes2()) {
                    return Jwk.fromSecret(PASSWORD.getBytes(StandardCharsets.UTF_8));
                }
                byte[] k = new byte[(alg == JweAlgorithm.DIR ? enc.keyBits() : wrapBits()) / 8];
                new java.security.SecureRandom().nextBytes(k);
                return Jwk.fromSecret(k);
            } catch (JoseException | GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /** What the sender holds: the public half, or the same secret. */
    Jwk senderKey() {
        Jwk k = recipientKey();
        return k.keyType() == dev.signet.jose.KeyType.OCT ? k : k.toPublicJwk();
    }

    /** The AES key-wrapping key size of A*KW and A*GCMKW. */
    private int wrapBits() {
        return Integer.parseInt(alg.identifier().substring(1, 4));
    }

    /** A plaintext naming the cell, with non-ASCII text so that the UTF-8 round trip shows. */
    byte[] plaintext() {
        return ("JWE interop " + this + " — Grüße, 鍵").getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return alg.identifier() + (curve == null ? "" : "/" + curve.identifier()) + " " + enc.identifier();
    }
}
