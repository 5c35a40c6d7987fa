package dev.signet.jose;

import dev.signet.jose.JoseException.Reason;
import dev.signet.jose.JweAlgorithm.Family;
import dev.signet.jose.internal.jwe.AesGcm;
import dev.signet.jose.internal.jwe.AesKeyWrap;
import dev.signet.jose.internal.jwe.EcdhKeyAgreement;
import dev.signet.jose.internal.jwe.Pbes2;
import dev.signet.jose.internal.jwe.RsaKeyEncryption;
import java.security.GeneralSecurityException;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.NoSuchPaddingException;

/**
 * JWE key management (RFC 7516 §5.1 steps 1–6 and §5.2 steps 6–10): which keys fit an
 * {@code alg}/{@code enc} pair, and how the CEK is produced for the recipient and recovered by
 * it, family by family. Every failure to recover the CEK with a key is the one
 * {@link #decryptionFailed()} rejection.
 */
final class KeyManagement {

    /** RFC 7518 §4.8.1.1: the salt input is at least 8 octets. */
    static final int MIN_P2S_LENGTH = 8;

    private static final String FAILED = "the JWE does not decrypt: wrong key, or the token was altered";
    private static final byte[] EMPTY = new byte[0];

    private KeyManagement() {}

    /** The one rejection for a wrong key, a bad tag, bad padding or a failed unwrap: no oracle. */
    static JoseException decryptionFailed() {
        return new JoseException(Reason.DECRYPTION_FAILED, FAILED);
    }

    /** The {@code key_ops} operation the recipient's key performs for {@code alg} (RFC 7517 §4.3). */
    static String operation(JweAlgorithm alg, boolean decrypt) {
        return switch (alg.family()) {
            case DIRECT -> decrypt ? Jwk.DECRYPT : Jwk.ENCRYPT;
            case ECDH -> Jwk.DERIVE_KEY;
            default -> decrypt ? Jwk.UNWRAP_KEY : Jwk.WRAP_KEY;
        };
    }

    /**
     * Null when {@code key} may serve {@code alg} with {@code enc}, else why not: key type and
     * curve, a private key for decryption, the JWK's {@code use}, {@code key_ops} and {@code alg}.
     * For {@code dir} the JWK's {@code alg} may name the content encryption (RFC 7520 §5.6 does).
     */
    static String mismatch(Jwk key, JweAlgorithm alg, ContentEncryption enc, boolean decrypt) {
        if (!alg.acceptsKey(key.keyType(), key.curve())) {
            return "key type " + key.keyType().identifier()
                    + (key.curve() == null ? "" : " on " + key.curve().identifier()) + " cannot be used with "
                    + alg.identifier();
        }
        if (decrypt && !key.isPrivate()) {
            return "decryption with " + alg.identifier() + " needs a private key; this JWK is public";
        }
        String op = operation(alg, decrypt);
        boolean permitted = key.permits(op, alg.identifier())
                || (alg == JweAlgorithm.DIR && key.permits(op, enc.identifier()))
                // The sender's copy of a recipient's ECDH key is its public view, whose key_ops can only say
                // wrapKey/encrypt.
                || (alg.family() == Family.ECDH
                        && !decrypt
                        && (key.permits(Jwk.WRAP_KEY, alg.identifier()) || key.permits(Jwk.ENCRYPT, alg.identifier())));
        if (!permitted) {
            return "the JWK's use, key_ops or alg forbid " + op + " with " + alg.identifier();
        }
        return null;
    }

    /** Refuses keys of the wrong size: RSA under 2048 bits, AES keys not exactly the algorithm's. */
    static void checkSize(Jwk key, JweAlgorithm alg, ContentEncryption enc) throws JoseException {
        switch (alg.family()) {
            case RSA -> {
                if (key.sizeBits() < 2048) {
                    throw new JoseException(
                            Reason.KEY_REJECTED,
                            alg.identifier() + " needs an RSA key of at least 2048 bits, found " + key.sizeBits());
                }
            }
            case AES_KW, AES_GCM_KW -> {
                if (key.sizeBits() != alg.wrapKeyBits()) {
                    throw new JoseException(
                            Reason.KEY_REJECTED,
                            alg.identifier() + " needs a " + alg.wrapKeyBits() + "-bit key, found " + key.sizeBits());
                }
            }
            case DIRECT -> {
                if (key.sizeBits() != enc.keyBits()) {
                    throw new JoseException(
                            Reason.KEY_REJECTED,
                            "dir with " + enc.identifier() + " needs a " + enc.keyBits() + "-bit key, found "
                                    + key.sizeBits());
                }
            }
            case PBES2 -> {
                byte[] pwd = key.secretKey().getEncoded();
                char[] chars = Pbes2.passwordChars(pwd);
                Arrays.fill(pwd, (byte) 0);
                if (chars == null) {
                    throw new JoseException(Reason.KEY_REJECTED, "a PBES2 password must be non-empty UTF-8 text");
                }
                Arrays.fill(chars, '\0');
            }
            default -> {}
        }
    }

    /** A CEK, its encrypted form for the token, and the header members its algorithm adds. */
    static final class Cek {
        final byte[] cek;
        final byte[] encryptedKey;
        final Map<String, Object> headerMembers;

        Cek(byte[] cek, byte[] encryptedKey, Map<String, Object> headerMembers) {
            this.cek = cek;
            this.encryptedKey = encryptedKey;
            this.headerMembers = headerMembers;
        }
    }

    /** Makes a CEK for the recipient's {@code key} (RFC 7516 §5.1 steps 1–6). */
    static Cek encrypt(
            JweAlgorithm alg, ContentEncryption enc, Jwk key, int p2c, byte[] apu, byte[] apv, SecureRandom random)
            throws JoseException {
        return encrypt(alg, enc, key, p2c, apu, apv, random, null);
    }

    /**
     * Encrypts {@code sharedCek} for the recipient's {@code key}, or when it is null draws a CEK
     * (RFC 7516 §5.1 steps 1–6). A JWE JSON object has one CEK for all its recipients (§7.2.1);
     * {@code dir} and {@code ECDH-ES} determine the CEK themselves, so they take no shared one.
     * The returned {@code Cek.cek} is the caller's to erase, never {@code sharedCek} itself.
     */
    static Cek encrypt(
            JweAlgorithm alg,
            ContentEncryption enc,
            Jwk key,
            int p2c,
            byte[] apu,
            byte[] apv,
            SecureRandom random,
            byte[] sharedCek)
            throws JoseException {
        if (sharedCek != null && (alg == JweAlgorithm.DIR || alg == JweAlgorithm.ECDH_ES)) {
            throw new IllegalArgumentException(alg.identifier() + " determines the CEK itself: it cannot share one");
        }
        Map<String, Object> members = new LinkedHashMap<>();
        try {
            switch (alg.family()) {
                case DIRECT -> {
                    return new Cek(key.secretKey().getEncoded(), EMPTY, members);
                }
                case RSA -> {
                    byte[] cek = cek(sharedCek, enc, random);
                    return new Cek(cek, RsaKeyEncryption.encrypt(alg.hash(), key.publicKey(), cek, random), members);
                }
                case AES_KW -> {
                    byte[] cek = cek(sharedCek, enc, random);
                    return new Cek(cek, AesKeyWrap.wrap(key.secretKey().getEncoded(), cek), members);
                }
                case AES_GCM_KW -> {
                    byte[] cek = cek(sharedCek, enc, random);
                    byte[] iv = randomBytes(AesGcm.IV_LENGTH, random);
                    byte[][] sealed = AesGcm.encrypt(key.secretKey().getEncoded(), iv, EMPTY, cek);
                    members.put("iv", Base64Url.encode(iv));
                    members.put("tag", Base64Url.encode(sealed[1]));
                    return new Cek(cek, sealed[0], members);
                }
                case PBES2 -> {
                    byte[] p2s = randomBytes(16, random);
                    byte[] kek = pbes2Key(alg, key, p2s, p2c);
                    byte[] cek = cek(sharedCek, enc, random);
                    members.put("p2s", Base64Url.encode(p2s));
                    members.put("p2c", (long) p2c);
                    return new Cek(cek, AesKeyWrap.wrap(kek, cek), members);
                }
                default -> {
                    Jwk ephemeral = Jwk.generate(key.curve());
                    byte[] z = EcdhKeyAgreement.sharedSecret(
                            ephemeral.privateKey(), key.publicKey(), key.keyType() == KeyType.OKP);
                    members.put("epk", ephemeral.toPublicJwk().members());
                    if (apu != null) {
                        members.put("apu", Base64Url.encode(apu));
                    }
                    if (apv != null) {
                        members.put("apv", Base64Url.encode(apv));
                    }
                    byte[] u = apu == null ? EMPTY : apu;
                    byte[] v = apv == null ? EMPTY : apv;
                    if (alg == JweAlgorithm.ECDH_ES) {
                        return new Cek(
                                EcdhKeyAgreement.concatKdf(z, enc.keyBits(), enc.identifier(), u, v), EMPTY, members);
                    }
                    byte[] kek = EcdhKeyAgreement.concatKdf(z, alg.wrapKeyBits(), alg.identifier(), u, v);
                    byte[] cek = cek(sharedCek, enc, random);
                    return new Cek(cek, AesKeyWrap.wrap(kek, cek), members);
                }
            }
        } catch (GeneralSecurityException e) {
            throw new JoseException(
                    Reason.UNSUPPORTED,
                    alg.identifier() + " key management failed in the JCA provider: "
                            + e.getClass().getSimpleName());
        }
    }

    /**
     * Checks what the header and encrypted key must hold for {@code alg}, before any key is
     * tried: these are public facts about the token, the same for every key.
     */
    static void checkHeader(JweAlgorithm alg, JweHeader h, byte[] encryptedKey, long maxP2c) throws JoseException {
        boolean direct = alg == JweAlgorithm.DIR || alg == JweAlgorithm.ECDH_ES;
        if (direct && encryptedKey.length != 0) {
            // RFC 7516 §5.2 step 10 / RFC 7518 §4.5, §4.6: the encrypted key MUST be empty.
            throw new JoseException(Reason.MALFORMED, alg.identifier() + " needs an empty encrypted key part");
        }
        if (!direct && encryptedKey.length == 0) {
            throw new JoseException(Reason.MALFORMED, alg.identifier() + " needs an encrypted key");
        }
        switch (alg.family()) {
            case AES_GCM_KW -> {
                if (h.ivUnsafe() == null || h.tagUnsafe() == null) {
                    throw new JoseException(Reason.MALFORMED, alg.identifier() + " needs header \"iv\" and \"tag\"");
                }
                if (h.ivUnsafe().length != AesGcm.IV_LENGTH) {
                    throw new JoseException(
                            Reason.MALFORMED,
                            alg.identifier() + " needs a 96-bit header \"iv\", found " + h.ivUnsafe().length * 8
                                    + " bits");
                }
            }
            case PBES2 -> {
                if (h.p2sUnsafe() == null || h.pbes2Count() < 0) {
                    throw new JoseException(Reason.MALFORMED, alg.identifier() + " needs header \"p2s\" and \"p2c\"");
                }
                if (h.p2sUnsafe().length < MIN_P2S_LENGTH) {
                    throw new JoseException(
                            Reason.MALFORMED,
                            "header \"p2s\" must be at least 8 bytes (RFC 7518" + " §4.8.1.1), found "
                                    + h.p2sUnsafe().length);
                }
                if (h.pbes2Count() > maxP2c) {
                    throw new JoseException(
                            Reason.TOO_LARGE,
                            "header \"p2c\" of " + h.pbes2Count() + " exceeds the limit of " + maxP2c
                                    + " PBES2 iterations");
                }
            }
            case ECDH -> {
                if (h.ephemeralPublicKey() == null) {
                    throw new JoseException(Reason.MALFORMED, alg.identifier() + " needs header \"epk\"");
                }
            }
            default -> {}
        }
    }

    /**
     * Recovers the CEK with {@code key} (RFC 7516 §5.2 steps 6–10). The header has passed
     * {@link #checkHeader}. A key that does not recover a CEK of the right length is
     * {@link #decryptionFailed()}; with RSA1_5 such a key yields a random CEK instead, so the
     * failure surfaces at the content's tag like any other (RFC 7516 §11.5).
     *
     * @throws JoseException {@code KEY_REJECTED} for an {@code epk} off the recipient's curve or
     *     of small order, {@code DECRYPTION_FAILED} when the key does not recover the CEK
     */
    static byte[] decrypt(
            JweAlgorithm alg, ContentEncryption enc, Jwk key, JweHeader h, byte[] encryptedKey, SecureRandom random)
            throws JoseException {
        byte[] cek;
        try {
            switch (alg.family()) {
                case DIRECT -> {
                    return key.secretKey().getEncoded();
                }
                case RSA -> {
                    if (alg == JweAlgorithm.RSA1_5) {
                        return RsaKeyEncryption.decryptPkcs1OrRandom(
                                key.privateKey(), encryptedKey, enc.keyLength(), random);
                    }
                    cek = RsaKeyEncryption.decryptOaep(alg.hash(), key.privateKey(), encryptedKey);
                }
                case AES_KW -> cek = AesKeyWrap.unwrap(key.secretKey().getEncoded(), encryptedKey);
                case AES_GCM_KW ->
                    cek = AesGcm.decrypt(
                            key.secretKey().getEncoded(), h.ivUnsafe(), EMPTY, encryptedKey, h.tagUnsafe());
                case PBES2 ->
                    cek = AesKeyWrap.unwrap(pbes2Key(alg, key, h.p2sUnsafe(), (int) h.pbes2Count()), encryptedKey);
                default -> cek = agree(alg, enc, key, h, encryptedKey);
            }
        } catch (NoSuchAlgorithmException | NoSuchPaddingException e) {
            throw new JoseException(Reason.UNSUPPORTED, alg.identifier() + " is not supported by this runtime");
        } catch (GeneralSecurityException | RuntimeException e) {
            throw decryptionFailed();
        }
        if (cek.length != enc.keyLength()) {
            throw decryptionFailed();
        }
        return cek;
    }

    private static byte[] agree(JweAlgorithm alg, ContentEncryption enc, Jwk key, JweHeader h, byte[] encryptedKey)
            throws JoseException, GeneralSecurityException {
        Jwk epk = ephemeralKey(h, key);
        byte[] z;
        try {
            z = EcdhKeyAgreement.sharedSecret(key.privateKey(), epk.publicKey(), key.keyType() == KeyType.OKP);
        } catch (NoSuchAlgorithmException e) {
            throw e;
        } catch (GeneralSecurityException e) {
            throw new JoseException(
                    Reason.KEY_REJECTED,
                    "header \"epk\" gives no usable shared secret on "
                            + key.curve().identifier() + " (a point of small order)");
        }
        byte[] u = h.apuUnsafe() == null ? EMPTY : h.apuUnsafe();
        byte[] v = h.apvUnsafe() == null ? EMPTY : h.apvUnsafe();
        try {
            if (alg == JweAlgorithm.ECDH_ES) {
                return EcdhKeyAgreement.concatKdf(z, enc.keyBits(), enc.identifier(), u, v);
            }
            byte[] kek = EcdhKeyAgreement.concatKdf(z, alg.wrapKeyBits(), alg.identifier(), u, v);
            return AesKeyWrap.unwrap(kek, encryptedKey);
        } finally {
            Arrays.fill(z, (byte) 0);
        }
    }

    /**
     * The header's {@code epk} as a public key on the recipient's curve. Parsing it as a JWK
     * checks an EC point against its curve equation (invalid-curve attack); its curve must
     * then be the recipient key's.
     */
    private static Jwk ephemeralKey(JweHeader h, Jwk recipient) throws JoseException {
        Jwk epk;
        try {
            epk = Jwk.fromMap(h.ephemeralPublicKey());
        } catch (JoseException e) {
            throw new JoseException(
                    e.reason() == Reason.UNSUPPORTED ? Reason.UNSUPPORTED : Reason.KEY_REJECTED,
                    "header \"epk\": " + e.detail());
        }
        if (epk.isPrivate()) {
            throw new JoseException(Reason.KEY_REJECTED, "header \"epk\" must be a public key");
        }
        if (epk.curve() != recipient.curve()) {
            throw new JoseException(
                    Reason.KEY_REJECTED,
                    "header \"epk\" is "
                            + (epk.curve() == null
                                    ? "a " + epk.keyType().identifier() + " key"
                                    : "on " + epk.curve().identifier())
                            + ", the recipient's key on " + recipient.curve().identifier());
        }
        return epk;
    }

    private static byte[] pbes2Key(JweAlgorithm alg, Jwk key, byte[] p2s, int p2c) throws GeneralSecurityException {
        byte[] pwd = key.secretKey().getEncoded();
        char[] chars = Pbes2.passwordChars(pwd);
        Arrays.fill(pwd, (byte) 0);
        try {
            return Pbes2.deriveKey(alg.hash(), chars, alg.identifier(), p2s, p2c, alg.wrapKeyBits());
        } finally {
            Arrays.fill(chars, '\0');
        }
    }

    /** A copy of the shared CEK, or a fresh random one. */
    private static byte[] cek(byte[] sharedCek, ContentEncryption enc, SecureRandom random) {
        return sharedCek != null ? sharedCek.clone() : randomBytes(enc.keyLength(), random);
    }

    private static byte[] randomBytes(int n, SecureRandom random) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }
}
