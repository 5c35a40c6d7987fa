package dev.signet.cli.keys;

import dev.signet.cli.io.CommandFailure;
import dev.signet.cli.io.JsonText;
import dev.signet.jose.ContentEncryption;
import dev.signet.jose.JweAlgorithm;
import dev.signet.jose.Jwk;
import dev.signet.jose.JwsAlgorithm;
import dev.signet.jose.KeyType;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The keys of one document (a single key, or the usable keys of a JWK Set with what was skipped),
 * and which of them serve to sign, verify, encrypt or decrypt; a usage failure names the document.
 */
public final class KeyMaterial {

    /** JWK members that hold private or secret key material (RFC 7518 §6, RFC 8037 §2, AKP). */
    public static final Set<String> PRIVATE_MEMBERS = Set.of("d", "p", "q", "dp", "dq", "qi", "oth", "k", "priv");

    private final List<Jwk> keys;
    private final List<String> skipped;
    private final boolean isSet;
    private final String source;

    KeyMaterial(List<Jwk> keys, List<String> skipped, boolean isSet, String source) {
        this.keys = keys;
        this.skipped = skipped;
        this.isSet = isSet;
        this.source = source;
    }

    static KeyMaterial single(Jwk key, String source) {
        return new KeyMaterial(List.of(key), List.of(), false, source);
    }

    /** Where the keys came from, as messages name it. */
    public String source() {
        return source;
    }

    /** Whether the document is a JWK Set (of any number of keys) rather than one key. */
    public boolean isSet() {
        return isSet;
    }

    /** The one key of a document that is not a set. */
    public Jwk single() {
        if (isSet) {
            throw new IllegalStateException(source + " is a JWK Set");
        }
        return keys.get(0);
    }

    /** The one private key to sign with; {@code kid} picks it from a set, or names a single key. */
    public Jwk signingKey(String kid) {
        if (!isSet) {
            Jwk key = keys.get(0);
            if (!key.isPrivate()) {
                throw CommandFailure.usage(source + " holds a public key; signing needs the private key"
                        + " (signet keygen --out writes one)");
            }
            return kid == null ? key : key.withKeyId(kid);
        }
        List<Jwk> candidates = new ArrayList<>();
        for (Jwk k : keys) {
            if (k.isPrivate() && (kid == null || kid.equals(k.keyId()))) {
                candidates.add(k);
            }
        }
        if (candidates.size() == 1) {
            return candidates.get(0);
        }
        if (candidates.isEmpty()) {
            throw CommandFailure.usage("the JWK Set in " + source + " has no private key"
                    + (kid == null ? "" : " with kid \"" + JsonText.escape(kid) + "\""));
        }
        throw CommandFailure.usage(
                "the JWK Set in " + source + " has " + candidates.size() + " private keys; choose one with --kid");
    }

    /** The keys to verify with: public views of asymmetric keys, secrets as they are. */
    public List<Jwk> verificationKeys() {
        requireUsableKey();
        List<Jwk> verifying = new ArrayList<>();
        for (Jwk k : keys) {
            verifying.add(publicView(k));
        }
        return verifying;
    }

    /** Whether the JWK says it is for signatures: {@code use: sig}, or a JWS {@code alg}. */
    private static boolean isSigningKey(Jwk k) {
        return "sig".equals(k.use()) || (k.algorithm() != null && JwsAlgorithm.fromIdentifier(k.algorithm()) != null);
    }

    /** The JWE algorithm a JWK's {@code alg} names ({@code dir} for an {@code enc} value), or null. */
    public static JweAlgorithm jweAlgorithmOf(Jwk k) {
        if (k.algorithm() == null) {
            return null;
        }
        JweAlgorithm a = JweAlgorithm.fromIdentifier(k.algorithm());
        return a != null ? a : ContentEncryption.fromIdentifier(k.algorithm()) != null ? JweAlgorithm.DIR : null;
    }

    private static String describeSigningKey(Jwk k) {
        return k.algorithm() != null ? "alg " + k.algorithm() : "use sig";
    }

    /**
     * The recipient's key to encrypt to: the public view of an asymmetric key (a private key file
     * works too), a secret as it is. {@code kid} picks it from a set, or names a single key;
     * {@code alg} (null when not given) narrows a set to the keys that fit it.
     */
    public Jwk encryptionKey(String kid, JweAlgorithm alg) {
        requireUsableKey();
        if (!isSet) {
            Jwk key = publicView(keys.get(0));
            if (isSigningKey(key)) {
                throw CommandFailure.usage("the key in " + source + " is a signing key (" + describeSigningKey(key)
                        + "); encrypt to the recipient's encryption key (signet keygen --alg ECDH-ES+A256KW"
                        + " or RSA-OAEP-256 makes one)");
            }
            return kid == null ? key : key.withKeyId(kid);
        }
        List<Jwk> candidates = new ArrayList<>();
        for (Jwk k : keys) {
            if ((kid != null && !kid.equals(k.keyId())) || isSigningKey(k)) {
                continue;
            }
            JweAlgorithm keyAlg = jweAlgorithmOf(k);
            boolean fits = alg == null
                    ? keyAlg != null
                    : alg.acceptsKey(k.keyType(), k.curve()) && (k.algorithm() == null || keyAlg == alg);
            if (fits) {
                candidates.add(k);
            }
        }
        if (candidates.size() == 1) {
            return publicView(candidates.get(0));
        }
        String which = (kid == null ? "" : " with kid \"" + JsonText.escape(kid) + "\"")
                + (alg == null ? " whose alg names a JWE algorithm (or pass --alg)" : " that fits " + alg.identifier());
        if (candidates.isEmpty()) {
            throw CommandFailure.usage("the JWK Set in " + source + " has no encryption key" + which);
        }
        throw CommandFailure.usage("the JWK Set in " + source + " has " + candidates.size() + " encryption keys" + which
                + "; choose one with --kid");
    }

    private static Jwk publicView(Jwk k) {
        return k.keyType() == KeyType.OCT || !k.isPrivate() ? k : k.toPublicJwk();
    }

    /**
     * The keys that may decrypt: private keys and secrets that are not signing keys. Usage failure
     * when there are none, saying whether the file holds public keys or signing keys.
     */
    public List<Jwk> decryptionKeys() {
        requireUsableKey();
        List<Jwk> decrypting = new ArrayList<>();
        Jwk signing = null;
        for (Jwk k : keys) {
            if (k.keyType() != KeyType.OCT && !k.isPrivate()) {
                continue;
            }
            if (isSigningKey(k)) {
                signing = signing == null ? k : signing;
                continue;
            }
            decrypting.add(k);
        }
        if (!decrypting.isEmpty()) {
            return decrypting;
        }
        if (signing != null) {
            throw CommandFailure.usage("the key in " + source + " is a signing key (" + describeSigningKey(signing)
                    + "), which never decrypts; give the recipient's encryption key (signet keygen --alg"
                    + " ECDH-ES+A256KW or RSA-OAEP-256 makes one)");
        }
        throw CommandFailure.usage(source + " holds only public keys; decryption needs the recipient's private key");
    }

    /** Usage failure when a set held no key Signet can use, saying why each was skipped. */
    private void requireUsableKey() {
        if (keys.isEmpty()) {
            throw CommandFailure.usage(
                    "no usable key in " + source + (skipped.isEmpty() ? "" : ": " + String.join("; ", skipped)));
        }
    }
}
