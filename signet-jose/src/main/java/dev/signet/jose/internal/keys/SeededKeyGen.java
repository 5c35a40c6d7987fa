package dev.signet.jose.internal.keys;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.Provider;
import java.security.SecureRandom;
import java.security.Security;
import java.security.spec.NamedParameterSpec;

/**
 * Derives a key pair from its seed with the provider's own key generator, for key types whose
 * private key is the seed the generator draws (EdDSA and XDH per RFC 8032/7748, ML-DSA's ξ per
 * FIPS 204). The JCA has no "public key from private key" call; handing the seed over as the
 * generator's only randomness is how we get one without writing curve arithmetic. A generator
 * that draws anything but exactly one seed-sized block is refused rather than trusted.
 */
public final class SeededKeyGen {

    private SeededKeyGen() {}

    /**
     * The key pair the named generator ({@code Ed25519}, {@code X448}, {@code ML-DSA-65}, …)
     * derives from {@code seed}, from the first installed provider whose generator takes it.
     */
    public static KeyPair fromSeed(String name, byte[] seed) throws GeneralSecurityException {
        Provider[] providers = Security.getProviders("KeyPairGenerator." + name);
        if (providers == null) {
            throw new NoSuchAlgorithmException("no provider generates " + name + " keys");
        }
        for (Provider p : providers) {
            SeedAsRandom random = new SeedAsRandom(seed);
            try {
                KeyPairGenerator g = KeyPairGenerator.getInstance(name, p);
                g.initialize(new NamedParameterSpec(name), random);
                KeyPair kp = g.generateKeyPair();
                if (random.usedExactlyOnce()) {
                    return kp;
                }
            } catch (GeneralSecurityException | RuntimeException ignoresSeed) {
                // this provider draws its own randomness or refuses ours; try the next
            }
        }
        throw new GeneralSecurityException("no installed " + name + " key generator derives keys from a seed");
    }

    /** A SecureRandom that yields one fixed seed, once. */
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
}
