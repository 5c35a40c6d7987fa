package dev.signet.jose.internal;

import java.lang.ref.WeakReference;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.Provider;
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

    private Jca() {
    }

    /** One thread's engines, by JCA name (no per-call key strings to build and hash). */
    private static final class Engines {
        final Map<String, Signature> signatures = new HashMap<>();
        final Map<String, MacEngine> macs = new HashMap<>();
        final Map<String, Cipher> decryptingCiphers = new HashMap<>();
        final Map<String, KeyAgreement> agreements = new HashMap<>();
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

    /** A {@code Signature} for {@code name}; from {@code provider} when it is not null. */
    public static Signature signature(String name, Provider provider) throws GeneralSecurityException {
        if (provider != null) {
            return Signature.getInstance(name, provider);
        }
        Map<String, Signature> engines = ENGINES.get().signatures;
        Signature s = engines.get(name);
        if (s == null) {
            s = Signature.getInstance(name);
            engines.put(name, s);
        }
        return s;
    }

    /**
     * A {@code Mac} for {@code name} initialized with {@code key}; from {@code provider} when it
     * is not null. A thread's reused engine that was last initialized with this very key
     * object is {@code reset()} instead: {@code doFinal} and {@code reset} return a {@code Mac}
     * to the state {@code init} left, so the key schedule is not redone for every token.
     */
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
        Map<String, MacEngine> engines = ENGINES.get().macs;
        MacEngine e = engines.get(name);
        if (e == null) {
            e = new MacEngine(Mac.getInstance(name));
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
        Map<String, Cipher> engines = ENGINES.get().decryptingCiphers;
        Cipher c = engines.get(transformation);
        if (c == null) {
            c = Cipher.getInstance(transformation);
            engines.put(transformation, c);
        }
        return c;
    }

    /** This thread's {@code KeyAgreement} for {@code name}; the caller initializes it ({@code init} resets it). */
    public static KeyAgreement keyAgreement(String name) throws GeneralSecurityException {
        Map<String, KeyAgreement> engines = ENGINES.get().agreements;
        KeyAgreement ka = engines.get(name);
        if (ka == null) {
            ka = KeyAgreement.getInstance(name);
            engines.put(name, ka);
        }
        return ka;
    }

    /** This thread's {@code MessageDigest} for {@code name}, reset. */
    public static MessageDigest digest(String name) throws GeneralSecurityException {
        Map<String, MessageDigest> engines = ENGINES.get().digests;
        MessageDigest d = engines.get(name);
        if (d == null) {
            d = MessageDigest.getInstance(name);
            engines.put(name, d);
        } else {
            d.reset();
        }
        return d;
    }

    /** This thread's {@code KeyFactory} for {@code name} (an EC key is made from every ECDH-ES {@code epk}). */
    public static KeyFactory keyFactory(String name) throws GeneralSecurityException {
        Map<String, KeyFactory> engines = ENGINES.get().keyFactories;
        KeyFactory f = engines.get(name);
        if (f == null) {
            f = KeyFactory.getInstance(name);
            engines.put(name, f);
        }
        return f;
    }
}
