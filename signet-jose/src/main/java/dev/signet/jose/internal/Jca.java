package dev.signet.jose.internal;

import java.lang.ref.WeakReference;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.Signature;
import java.util.HashMap;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.KeyAgreement;
import javax.crypto.Mac;

/**
 * Obtains JCA engines by standard name, reusing one instance per thread and name when no
 * provider is pinned. {@code getInstance} walks the provider list on every call, which costs as
 * much as an HMAC over a small token; reuse keeps the library's overhead near zero.
 */
public final class Jca {

    private static final ThreadLocal<Engines> ENGINES = ThreadLocal.withInitial(Engines::new);

    private Jca() {}

    /** One thread's engines, by JCA name (no per-call key strings to build and hash). */
    private static final class Engines {
        final Map<String, SignatureEngine> signatures = new HashMap<>();
        final Map<String, MacEngine> macs = new HashMap<>();
        final Map<String, Cipher> decryptingCiphers = new HashMap<>();
        final Map<String, AgreementEngine> agreements = new HashMap<>();
        final Map<String, MessageDigest> digests = new HashMap<>();
        final Map<String, KeyFactory> keyFactories = new HashMap<>();
    }

    /** A thread's {@code Mac} and the key it was last initialized with. */
    private static final class MacEngine {
        final Mac mac;
        WeakReference<Key> key;

        MacEngine(Mac mac) {
            this.mac = mac;
        }
    }

    /**
     * A thread's {@code Signature} and the public key its last completed verification used
     * (null while it is in use, after a failure, or once handed out for the caller to initialize).
     */
    private static final class SignatureEngine {
        final Signature signature;
        WeakReference<PublicKey> verifiedWith;

        SignatureEngine(Signature signature) {
            this.signature = signature;
        }
    }

    /** A thread's {@code KeyAgreement} and the private key its last completed agreement used (or null). */
    private static final class AgreementEngine {
        final KeyAgreement agreement;
        WeakReference<PrivateKey> agreedWith;

        AgreementEngine(KeyAgreement agreement) {
            this.agreement = agreement;
        }
    }

    /**
     * A {@code Signature} for {@code name}, for the caller to initialize; from {@code provider}
     * when it is not null.
     */
    public static Signature signature(String name, Provider provider) throws GeneralSecurityException {
        if (provider != null) {
            return Signature.getInstance(name, provider);
        }
        SignatureEngine e = signatureEngine(name);
        e.verifiedWith = null; // the caller initializes it for whatever it does next
        return e.signature;
    }

    /**
     * Verifies {@code signature} over {@code data[off, off+len)} with {@code key}. A thread's
     * reused engine whose last completed verification used this very key object is not
     * initialized again: {@code verify} returns a {@code Signature} to the state
     * {@code initVerify} left (JCA contract), and with a native provider {@code initVerify}
     * costs a key conversion per token. After an exception the engine is initialized afresh.
     *
     * @throws java.security.SignatureException as {@code Signature.verify} does, for a malformed signature
     */
    @SuppressWarnings("ReferenceEquality") // the engine is reused only for the very key object it holds
    public static boolean verify(
            String name, PublicKey key, Provider provider, byte[] data, int off, int len, byte[] signature)
            throws GeneralSecurityException {
        if (provider != null) {
            Signature s = Signature.getInstance(name, provider);
            s.initVerify(key);
            s.update(data, off, len);
            return s.verify(signature);
        }
        SignatureEngine e = signatureEngine(name);
        WeakReference<PublicKey> last = e.verifiedWith;
        e.verifiedWith = null;
        if (last == null || last.get() != key) {
            e.signature.initVerify(key);
            last = new WeakReference<>(key);
        }
        e.signature.update(data, off, len);
        boolean ok = e.signature.verify(signature);
        e.verifiedWith = last;
        return ok;
    }

    private static SignatureEngine signatureEngine(String name) throws GeneralSecurityException {
        return cached(ENGINES.get().signatures, name, n -> new SignatureEngine(Signature.getInstance(n)));
    }

    /**
     * The shared secret of {@code key} and {@code peer} by the {@code name} key agreement
     * ({@code ECDH}, {@code XDH}). A thread's reused engine whose last completed agreement used
     * this very private key object is not initialized again: {@code generateSecret} returns a
     * {@code KeyAgreement} to the state {@code init} left (JCA contract). A key the thread's engine
     * cannot take (its provider was fixed by an earlier key) gets an engine of its own, chosen
     * for that key.
     */
    @SuppressWarnings("ReferenceEquality") // the engine is reused only for the very key object it holds
    public static byte[] agree(String name, PrivateKey key, PublicKey peer) throws GeneralSecurityException {
        AgreementEngine e =
                cached(ENGINES.get().agreements, name, n -> new AgreementEngine(KeyAgreement.getInstance(n)));
        WeakReference<PrivateKey> last = e.agreedWith;
        e.agreedWith = null;
        if (last == null || last.get() != key) {
            try {
                e.agreement.init(key);
            } catch (java.security.InvalidKeyException foreign) {
                KeyAgreement own = KeyAgreement.getInstance(name);
                own.init(key);
                own.doPhase(peer, true);
                return own.generateSecret();
            }
            last = new WeakReference<>(key);
        }
        e.agreement.doPhase(peer, true);
        byte[] z = e.agreement.generateSecret();
        e.agreedWith = last;
        return z;
    }

    /**
     * A {@code Mac} for {@code name} initialized with {@code key}; from {@code provider} when it
     * is not null. A thread's reused engine that was last initialized with this very key
     * object is {@code reset()} instead: {@code doFinal} and {@code reset} return a {@code Mac}
     * to the state {@code init} left, so the key schedule is not redone for every token.
     */
    @SuppressWarnings("ReferenceEquality") // the engine is reused only for the very key object it holds
    public static Mac mac(String name, Key key, Provider provider) throws GeneralSecurityException {
        if (provider != null) {
            Mac mac = Mac.getInstance(name, provider);
            mac.init(key);
            return mac;
        }
        MacEngine e = engine(name);
        if (e.key != null && e.key.get() == key) {
            e.mac.reset();
        } else {
            e.key = null;
            e.mac.init(key);
            e.key = new WeakReference<>(key);
        }
        return e.mac;
    }

    private static MacEngine engine(String name) throws GeneralSecurityException {
        return cached(ENGINES.get().macs, name, n -> new MacEngine(Mac.getInstance(n)));
    }

    /** Makes a JCA engine (or a holder of one) for a name. */
    @FunctionalInterface
    private interface EngineMaker<T> {
        T make(String name) throws GeneralSecurityException;
    }

    /** The thread's engine for {@code name} in {@code engines}, made on first use. */
    private static <T> T cached(Map<String, T> engines, String name, EngineMaker<T> maker)
            throws GeneralSecurityException {
        T e = engines.get(name);
        if (e == null) {
            e = maker.make(name);
            engines.put(name, e);
        }
        return e;
    }

    /**
     * This thread's {@code Cipher} for {@code transformation}, to be initialized for decryption
     * or unwrapping before each use ({@code init} resets it, whatever the last use left). Never
     * for encryption: a fresh engine per encryption keeps GCM's refusal to reuse a key and IV
     * meaningful. Creating an engine per token costs a provider lookup and, with native
     * providers such as ACCP, a native context that the garbage collector must later release.
     */
    public static Cipher decryptingCipher(String transformation) throws GeneralSecurityException {
        return cached(ENGINES.get().decryptingCiphers, transformation, Cipher::getInstance);
    }

    /** This thread's {@code MessageDigest} for {@code name}, reset. */
    public static MessageDigest digest(String name) throws GeneralSecurityException {
        MessageDigest d = cached(ENGINES.get().digests, name, MessageDigest::getInstance);
        d.reset();
        return d;
    }

    /** This thread's {@code KeyFactory} for {@code name} (an EC key is made from every ECDH-ES {@code epk}). */
    public static KeyFactory keyFactory(String name) throws GeneralSecurityException {
        return cached(ENGINES.get().keyFactories, name, KeyFactory::getInstance);
    }
}
