package dev.signet.jose.internal.keys;

import dev.signet.jose.Curve;
import dev.signet.jose.JoseException;
import dev.signet.jose.JoseException.Reason;
import dev.signet.jose.JwsAlgorithm;
import dev.signet.jose.KeyType;
import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.Map;

/** The members of new private JWKs, made by the JCA's generators for a signing algorithm or a curve. */
public final class JwkGenerator {

    private JwkGenerator() {}

    /**
     * A new key for {@code alg}: HMAC secrets as long as the hash, RSA 2048 bits, the algorithm's
     * curve for ECDSA, Ed25519 for EdDSA, a seeded ML-DSA key.
     */
    public static Map<String, Object> members(JwsAlgorithm alg) throws JoseException {
        if (!alg.isAvailable()) {
            throw new JoseException(Reason.UNSUPPORTED, alg.identifier() + " is not supported by this runtime");
        }
        try {
            return switch (alg.keyType()) {
                case OCT -> OctJwk.generate(alg.minimumKeyBits());
                case RSA -> JcaKeyMembers.ofPair(RsaJwk.generate());
                case EC -> members(alg.curve());
                case OKP -> members(alg.curve() == null ? Curve.ED25519 : alg.curve());
                default -> AkpJwk.generate(alg);
            };
        } catch (GeneralSecurityException e) {
            throw new JoseException(Reason.UNSUPPORTED, alg.identifier() + " key generation failed: " + e.getMessage());
        }
    }

    /** A new key pair on {@code curve} (EC or OKP, including X25519/X448 for key agreement). */
    public static Map<String, Object> members(Curve curve) throws JoseException {
        try {
            KeyPairGenerator g;
            if (curve.keyType() == KeyType.EC) {
                g = KeyPairGenerator.getInstance("EC");
                g.initialize(new ECGenParameterSpec(curve.jcaName()));
            } else {
                g = KeyPairGenerator.getInstance(curve.jcaName());
            }
            return JcaKeyMembers.ofPair(g.generateKeyPair());
        } catch (GeneralSecurityException e) {
            throw new JoseException(
                    Reason.UNSUPPORTED, "cannot generate a " + curve.identifier() + " key: " + e.getMessage());
        }
    }
}
