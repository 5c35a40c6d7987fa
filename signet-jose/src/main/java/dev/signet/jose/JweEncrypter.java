package dev.signet.jose;

import dev.signet.jose.JoseException.Reason;
import dev.signet.jose.internal.json.Json;
import dev.signet.jose.internal.jwe.Deflate;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;

/**
 * Encrypts plaintext as compact JWE (RFC 7516 §5.1, §7.1) to one recipient key with one
 * {@code alg} and one {@code enc}. Built once, thread-safe; every call draws a fresh CEK, IV,
 * ephemeral key or salt.
 *
 * <p>The key must fit the algorithm as the decrypter would require (type, curve, size, the JWK's
 * {@code use}/{@code key_ops}/{@code alg}). {@code RSA1_5} needs {@link Builder#allowInsecureRsa1_5()}.
 * PBES2 runs {@value #DEFAULT_PBES2_ITERATIONS} iterations unless told otherwise, never fewer than
 * {@value #MIN_PBES2_ITERATIONS}.
 *
 * <pre>{@code
 * JweEncrypter encrypter = JweEncrypter.builder(recipientPublicJwk)
 *     .algorithm(JweAlgorithm.ECDH_ES_A256KW)
 *     .encryption(ContentEncryption.A256GCM)
 *     .build();
 * String jwe = encrypter.encrypt("secret".getBytes(UTF_8));
 * }</pre>
 */
public final class JweEncrypter {

    /**
     * PBES2 iterations used unless {@link Builder#pbes2Iterations} says otherwise (OWASP 2023 for PBKDF2-HMAC-SHA256).
     */
    public static final int DEFAULT_PBES2_ITERATIONS = 600_000;
    /** The fewest PBES2 iterations an encrypter will use. */
    public static final int MIN_PBES2_ITERATIONS = 1_000;

    private final Jwk key;
    private final JweAlgorithm algorithm;
    private final ContentEncryption encryption;
    private final boolean compress;
    private final JweHeader.Builder header;
    private final int p2c;
    private final byte[] apu;
    private final byte[] apv;
    private final SecureRandom random = new SecureRandom();

    private JweEncrypter(Builder b) throws JoseException {
        this.key = b.key;
        this.algorithm = b.algorithm != null ? b.algorithm : defaultAlgorithm(b.key);
        this.encryption = b.encryption != null ? b.encryption : defaultEncryption(b.key, algorithm);
        if (algorithm == JweAlgorithm.RSA1_5 && !b.rsa15) {
            throw new JoseException(
                    Reason.ALG_NOT_ALLOWED,
                    "RSA1_5 is insecure (a padding oracle); encrypting with it"
                            + " takes allowInsecureRsa1_5(). Prefer RSA-OAEP-256");
        }
        String why = KeyManagement.mismatch(key, algorithm, encryption, false);
        if (why != null) {
            throw new JoseException(Reason.ALG_NOT_ALLOWED, why);
        }
        KeyManagement.checkSize(key, algorithm, encryption);
        this.compress = b.compress;
        this.header = b.header.copy();
        this.p2c = b.p2c;
        this.apu = b.apu;
        this.apv = b.apv;
    }

    private static JweAlgorithm defaultAlgorithm(Jwk key) throws JoseException {
        JweAlgorithm a = JweAlgorithm.fromIdentifier(key.algorithm());
        if (a != null) {
            return a;
        }
        if (ContentEncryption.fromIdentifier(key.algorithm()) != null) {
            return JweAlgorithm.DIR;
        }
        throw new JoseException(
                Reason.ALG_NOT_ALLOWED,
                "name the key management algorithm with algorithm(...): the key's"
                        + " alg "
                        + (key.algorithm() == null
                                ? "is absent"
                                : "\"" + UntrustedText.printable(key.algorithm()) + "\" is not a JWE algorithm"));
    }

    private static ContentEncryption defaultEncryption(Jwk key, JweAlgorithm alg) {
        ContentEncryption fromKey = ContentEncryption.fromIdentifier(key.algorithm());
        return alg == JweAlgorithm.DIR && fromKey != null ? fromKey : ContentEncryption.A256GCM;
    }

    /**
     * A builder for an encrypter to the recipient's {@code key} (a public JWK, or an {@code oct} secret or password).
     */
    public static Builder builder(Jwk key) {
        return new Builder(key);
    }

    /** The key management algorithm this encrypter uses. */
    public JweAlgorithm algorithm() {
        return algorithm;
    }

    /** The content encryption this encrypter uses. */
    public ContentEncryption encryption() {
        return encryption;
    }

    /** Encrypts {@code plaintext} with the configured header. */
    public String encrypt(byte[] plaintext) throws JoseException {
        return encrypt(header, plaintext);
    }

    /**
     * Encrypts a signed JWT (a compact JWS) as a nested JWT with {@code cty: "JWT"} (RFC 7519 §5.2):
     * sign first, then encrypt.
     */
    public String encryptNested(String signedJwt) throws JoseException {
        Jws.parseUnverified(signedJwt); // it must at least be a compact JWS
        return encrypt(header.copy().contentType("JWT"), signedJwt.getBytes(StandardCharsets.US_ASCII));
    }

    /**
     * Encrypts {@code plaintext}; the encrypter adds {@code alg}, {@code enc}, and the key's {@code kid} unless given.
     */
    public String encrypt(JweHeader.Builder header, byte[] plaintext) throws JoseException {
        Objects.requireNonNull(plaintext, "plaintext");
        KeyManagement.Cek cek = KeyManagement.encrypt(algorithm, encryption, key, p2c, apu, apv, random);
        try {
            Map<String, Object> members = new java.util.LinkedHashMap<>(cek.headerMembers);
            if (compress) {
                members.put("zip", "DEF");
            }
            Map<String, Object> all = header.build(algorithm, encryption, key.keyId(), members);
            JweHeader.fromMembers(all); // the decrypter's typing rules hold for what we write
            byte[] headerJson = Json.write(all);
            byte[] aad = Base64Url.encodeToAscii(headerJson, 0, headerJson.length);
            byte[] iv = new byte[encryption.ivLength()];
            random.nextBytes(iv);
            byte[] content = compress ? Deflate.compress(plaintext) : plaintext;
            byte[][] sealed = encryption.seal(cek.cek, iv, aad, content);
            return new String(aad, StandardCharsets.US_ASCII) + "." + Base64Url.encode(cek.encryptedKey) + "."
                    + Base64Url.encode(iv) + "." + Base64Url.encode(sealed[0]) + "." + Base64Url.encode(sealed[1]);
        } finally {
            Arrays.fill(cek.cek, (byte) 0);
        }
    }

    /**
     * This encrypter as one recipient of a JWE JSON object (RFC 7516 §7.2): {@code sharedCek}
     * encrypted to its key, or for {@code dir} and {@code ECDH-ES} (null {@code sharedCek}) the CEK
     * its key determines, with the header members its algorithm adds.
     */
    KeyManagement.Cek encryptCek(byte[] sharedCek) throws JoseException {
        return KeyManagement.encrypt(algorithm, encryption, key, p2c, apu, apv, random, sharedCek);
    }

    /** The {@code kid} for this recipient: the one configured, else the key's; null when neither. */
    String recipientKeyId() {
        Object kid = header.callerMembers().get("kid");
        return kid instanceof String string ? string : key.keyId();
    }

    /** Whether anything but {@code kid} was configured for the header, or compression: a JSON recipient has neither. */
    boolean configuresSharedMembers() {
        for (String name : header.callerMembers().keySet()) {
            if (!"kid".equals(name)) {
                return true;
            }
        }
        return compress || header.hasCritical();
    }

    /** Builder of {@link JweEncrypter}. */
    public static final class Builder {
        private final Jwk key;
        private JweAlgorithm algorithm;
        private ContentEncryption encryption;
        private boolean compress;
        private boolean rsa15;
        private final JweHeader.Builder header = JweHeader.builder();
        private int p2c = DEFAULT_PBES2_ITERATIONS;
        private byte[] apu;
        private byte[] apv;

        private Builder(Jwk key) {
            this.key = Objects.requireNonNull(key, "key");
        }

        /** The key management algorithm; default: the key's {@code alg} ({@code dir} when it names an {@code enc}). */
        public Builder algorithm(JweAlgorithm alg) {
            this.algorithm = Objects.requireNonNull(alg, "algorithm");
            return this;
        }

        /**
         * The content encryption; default {@code A256GCM} (for {@code dir}: the key's {@code alg} when it names one).
         */
        public Builder encryption(ContentEncryption enc) {
            this.encryption = Objects.requireNonNull(enc, "encryption");
            return this;
        }

        /**
         * Compresses the plaintext with DEFLATE ({@code zip: "DEF"}) before encrypting. The
         * ciphertext length then depends on the content; do not compress secrets next to
         * attacker-chosen text (CRIME/BREACH-style length leaks).
         */
        public Builder compress() {
            this.compress = true;
            return this;
        }

        /** The {@code kid} header; default: the key's {@code kid}. */
        public Builder keyId(String kid) {
            header.keyId(kid);
            return this;
        }

        /** The {@code typ} header. */
        public Builder type(String typ) {
            header.type(typ);
            return this;
        }

        /** The {@code cty} header. */
        public Builder contentType(String cty) {
            header.contentType(cty);
            return this;
        }

        /**
         * The PBES2 iteration count (default {@value JweEncrypter#DEFAULT_PBES2_ITERATIONS}, at least {@value
         * JweEncrypter#MIN_PBES2_ITERATIONS}).
         */
        public Builder pbes2Iterations(int count) {
            if (count < MIN_PBES2_ITERATIONS) {
                throw new IllegalArgumentException(
                        "PBES2 needs at least " + MIN_PBES2_ITERATIONS + " iterations, found " + count);
            }
            this.p2c = count;
            return this;
        }

        /** ECDH-ES {@code apu} and {@code apv} (RFC 7518 §4.6.1.2, §4.6.1.3); either may be null. */
        public Builder agreementPartyInfo(byte[] apu, byte[] apv) {
            this.apu = apu == null ? null : apu.clone();
            this.apv = apv == null ? null : apv.clone();
            return this;
        }

        /**
         * Permits {@link JweAlgorithm#RSA1_5}, for a recipient that cannot decrypt RSA-OAEP. Insecure; see RFC 7516
         * §11.5.
         */
        public Builder allowInsecureRsa1_5() {
            this.rsa15 = true;
            return this;
        }

        /**
         * The encrypter with these settings.
         *
         * @throws JoseException {@code ALG_NOT_ALLOWED} if the key does not fit the algorithm (or
         *     RSA1_5 without its opt-in), {@code KEY_REJECTED} if its size is wrong
         */
        public JweEncrypter build() throws JoseException {
            return new JweEncrypter(this);
        }
    }
}
