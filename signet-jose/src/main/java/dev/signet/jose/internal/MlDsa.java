package dev.signet.jose.internal;

import dev.signet.jose.JwsAlgorithm;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.NamedParameterSpec;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.Signature;
import java.security.SignatureException;

/**
 * ML-DSA-44/65/87 (FIPS 204; JOSE per draft-ietf-cose-dilithium), with the empty context.
 * Available where a provider offers it: the JDK from version 24, or a third-party provider.
 */
public final class MlDsa implements SignatureFamily {

    public static final MlDsa INSTANCE = new MlDsa();

    private MlDsa() {
    }

    /** Signature length in bytes per FIPS 204 Table 2. */
    public static int signatureLength(JwsAlgorithm alg) {
        switch (alg) {
            case ML_DSA_44:
                return 2420;
            case ML_DSA_65:
                return 3309;
            default:
                return 4627;
        }
    }

    /** Public key length in bytes per FIPS 204 Table 2. */
    public static int publicKeyLength(JwsAlgorithm alg) {
        switch (alg) {
            case ML_DSA_44:
                return 1312;
            case ML_DSA_65:
                return 1952;
            default:
                return 2592;
        }
    }

    /**
     * The key pair FIPS 204 ML-DSA.KeyGen derives from the 32-byte seed ξ. The JCA has no
     * "from seed" call and the JDK does not read seed-form PKCS#8, so the seed is handed to the
     * provider's own key generator as its only randomness. A generator that asks for anything
     * but exactly one 32-byte draw is refused rather than trusted.
     */
    public static KeyPair keyPairFromSeed(JwsAlgorithm alg, byte[] seed) throws GeneralSecurityException {
        SeedAsRandom random = new SeedAsRandom(seed);
        KeyPairGenerator g = KeyPairGenerator.getInstance(alg.jcaName());
        g.initialize(new NamedParameterSpec(alg.jcaName()), random);
        KeyPair kp = g.generateKeyPair();
        if (!random.usedExactlyOnce()) {
            throw new GeneralSecurityException("the ML-DSA key generator of " + g.getProvider().getName()
                    + " does not derive keys from a seed");
        }
        return kp;
    }

    /** A SecureRandom that yields one fixed 32-byte seed, once. */
    private static final class SeedAsRandom extends SecureRandom {
        private static final long serialVersionUID = 1L;
        private final byte[] seed;
        private int draws;
        private boolean misuse;

        SeedAsRandom(byte[] seed) {
            super(new byte[0]);
            this.seed = seed.clone();
        }

        @Override
        public void nextBytes(byte[] bytes) {
            if (bytes.length != seed.length || draws++ > 0) {
                misuse = true;
                super.nextBytes(bytes);
                return;
            }
            System.arraycopy(seed, 0, bytes, 0, seed.length);
        }

        boolean usedExactlyOnce() {
            return draws == 1 && !misuse;
        }
    }

    @Override
    public boolean isAvailable(JwsAlgorithm alg) {
        try {
            Signature.getInstance(alg.jcaName());
            java.security.KeyFactory.getInstance(alg.jcaName());
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    @Override
    public byte[] sign(JwsAlgorithm alg, Key key, byte[] data, int off, int len, Provider provider)
            throws GeneralSecurityException {
        Signature s = Jca.signature(alg.jcaName(), provider);
        s.initSign((PrivateKey) key);
        s.update(data, off, len);
        return s.sign();
    }

    @Override
    public boolean verify(JwsAlgorithm alg, Key key, byte[] data, int off, int len, byte[] signature,
            Provider provider) throws GeneralSecurityException {
        if (signature.length != signatureLength(alg)) {
            return false;
        }
        Signature s = Jca.signature(alg.jcaName(), provider);
        s.initVerify((PublicKey) key);
        s.update(data, off, len);
        try {
            return s.verify(signature);
        } catch (SignatureException malformed) {
            return false;
        }
    }
}
