package dev.signet.jose;

import dev.signet.jose.JoseException.Reason;
import dev.signet.jose.internal.Deflate;
import dev.signet.jose.internal.Json;
import dev.signet.jose.internal.Untrusted;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Decrypts compact JWE (RFC 7516 §5.2): size limit → strict decode → header ({@code alg} and
 * {@code enc} in the caller's allowlists, {@code crit} understood, {@code zip} known, what the
 * algorithm needs present and bounded: {@code p2c} at most {@link Builder#maxPbes2Iterations}) →
 * key selection ({@code kid}, type, curve, size, {@code use}, {@code key_ops}, {@code alg}) → CEK
 * recovery ({@code epk} on the recipient's curve) → authentication tag → decryption →
 * decompression bounded while it runs. Built once, thread-safe.
 *
 * <p>There is no default allowlist: the caller names the {@code alg} and {@code enc} values it
 * accepts. {@code RSA1_5} is accepted only after {@link Builder#allowInsecureRsa1_5()}. A wrong
 * key, a bad tag, bad padding and a failed key unwrap are all one rejection,
 * {@link JoseException.Reason#DECRYPTION_FAILED}, with one message.
 *
 * <pre>{@code
 * JweDecrypter decrypter = JweDecrypter.builder(DecryptionKeySource.of(privateJwk))
 *     .algorithms(JweAlgorithm.ECDH_ES_A256KW)
 *     .encryptions(ContentEncryption.A256GCM)
 *     .build();
 * byte[] plaintext = decrypter.decrypt(token).plaintext();
 * }</pre>
 */
public final class JweDecrypter {

    /** Default maximum PBES2 iteration count accepted from a token. */
    public static final int DEFAULT_MAX_PBES2_ITERATIONS = 600_000;
    /** Default maximum size of decompressed ({@code zip: DEF}) content: 256 KiB. */
    public static final int DEFAULT_MAX_DECOMPRESSED_LENGTH = 256 * 1024;

    private final DecryptionKeySource keys;
    private final Set<JweAlgorithm> algorithms;
    private final Set<ContentEncryption> encryptions;
    private final Set<String> understood;
    private final int maxP2c;
    private final int maxDecompressed;
    private final int maxLength;
    private final int maxDepth;
    private final SecureRandom random = new SecureRandom();

    private JweDecrypter(Builder b) {
        this.keys = b.keys;
        this.algorithms = EnumSet.copyOf(b.algorithms);
        this.encryptions = EnumSet.copyOf(b.encryptions);
        this.understood = Set.copyOf(b.understood);
        this.maxP2c = b.maxP2c;
        this.maxDecompressed = b.maxDecompressed;
        this.maxLength = b.maxLength;
        this.maxDepth = b.maxDepth;
    }

    /** A builder decrypting with keys from {@code keys}. */
    public static Builder builder(DecryptionKeySource keys) {
        return new Builder(keys);
    }

    /**
     * Decrypts a compact JWE and returns it with its plaintext and the key that decrypted it.
     *
     * @throws JoseException with the reason of the first check that failed
     */
    public Jwe decrypt(String compact) throws JoseException {
        Jwe jwe = Jwe.parse(compact, maxLength, maxDepth);
        Opened opened = open(jwe.header(), jwe.aadUnsafe(), jwe.encryptedKeyUnsafe(), jwe.ivUnsafe(),
                jwe.ciphertextUnsafe(), jwe.tagUnsafe());
        return jwe.decryptedWith(opened.plaintext, opened.key);
    }

    /** A plaintext and the key that recovered it. */
    static final class Opened {
        final byte[] plaintext;
        final Jwk key;

        Opened(byte[] plaintext, Jwk key) {
            this.plaintext = plaintext;
            this.key = key;
        }
    }

    /**
     * The decryption of one recipient, independent of the serialization: {@code header} is the
     * JOSE header (for JSON serialization, the union of the protected, shared and per-recipient
     * headers), {@code aad} the bytes the content's tag authenticates (RFC 7516 §5.2 step 14).
     */
    Opened open(JweHeader header, byte[] aad, byte[] encryptedKey, byte[] iv, byte[] ciphertext, byte[] tag)
            throws JoseException {
        JweAlgorithm alg = checkAlgorithm(header);
        ContentEncryption enc = checkEncryption(header);
        for (String c : header.critical()) {
            if (!understood.contains(c)) {
                throw new JoseException(Reason.CRIT_NOT_UNDERSTOOD, "crit lists \"" + Untrusted.printable(c)
                        + "\", which this decrypter does not understand");
            }
        }
        String zip = header.compression();
        if (zip != null && !"DEF".equals(zip)) {
            throw new JoseException(Reason.UNSUPPORTED, "zip \"" + Untrusted.printable(zip) + "\" is not supported; only DEF");
        }
        if (iv.length != enc.ivLength()) {
            throw new JoseException(Reason.MALFORMED, enc.identifier() + " needs a " + enc.ivLength() * 8
                    + "-bit IV, found " + iv.length * 8 + " bits");
        }
        KeyManagement.checkHeader(alg, header, encryptedKey, maxP2c);
        for (Jwk k : select(header, alg, enc)) {
            byte[] content;
            try {
                byte[] cek = KeyManagement.decrypt(alg, enc, k, header, encryptedKey, random);
                content = enc.open(cek, iv, aad, ciphertext, tag);
            } catch (JoseException e) {
                if (e.reason() == Reason.DECRYPTION_FAILED) {
                    continue;
                }
                throw e;
            }
            return new Opened(zip == null ? content : Deflate.inflate(content, maxDecompressed), k);
        }
        throw KeyManagement.decryptionFailed();
    }

    private JweAlgorithm checkAlgorithm(JweHeader h) throws JoseException {
        JweAlgorithm alg = JweAlgorithm.fromIdentifier(h.algorithm());
        if (alg == null || !algorithms.contains(alg)) {
            throw new JoseException(Reason.ALG_NOT_ALLOWED, "alg \"" + Untrusted.printable(h.algorithm())
                    + "\" is not allowed; allowed: " + names(algorithms));
        }
        return alg;
    }

    private ContentEncryption checkEncryption(JweHeader h) throws JoseException {
        ContentEncryption enc = ContentEncryption.fromIdentifier(h.encryption());
        if (enc == null || !encryptions.contains(enc)) {
            List<String> allowed = new ArrayList<>();
            for (ContentEncryption e : encryptions) {
                allowed.add(e.identifier());
            }
            throw new JoseException(Reason.ALG_NOT_ALLOWED, "enc \"" + Untrusted.printable(h.encryption())
                    + "\" is not allowed; allowed: " + String.join(", ", allowed));
        }
        return enc;
    }

    /**
     * The keys that may decrypt: {@code kid} equal when the header has one; type, curve, private
     * part, {@code use}, {@code key_ops}, {@code alg} and size fitting. A key of the wrong size
     * is KEY_REJECTED when the header's {@code kid} names it, else skipped for the others.
     */
    private List<Jwk> select(JweHeader h, JweAlgorithm alg, ContentEncryption enc) throws JoseException {
        String kid = h.keyId();
        List<Jwk> fitting = new ArrayList<>(2);
        String firstMismatch = null;
        JoseException wrongSizeRejection = null;
        int kidMatches = 0;
        for (Jwk k : keys.candidates(h)) {
            if (kid != null && !kid.equals(k.keyId())) {
                continue;
            }
            kidMatches++;
            String why = KeyManagement.mismatch(k, alg, enc, true);
            if (why != null) {
                firstMismatch = firstMismatch == null ? why : firstMismatch;
                continue;
            }
            try {
                KeyManagement.checkSize(k, alg, enc);
                fitting.add(k);
            } catch (JoseException wrongSize) {
                // A key the token names is refused outright; without a kid, another key may fit.
                if (kid != null) {
                    throw wrongSize;
                }
                wrongSizeRejection = wrongSizeRejection == null ? wrongSize : wrongSizeRejection;
            }
        }
        if (fitting.isEmpty() && wrongSizeRejection != null) {
            throw wrongSizeRejection;
        }
        if (fitting.isEmpty()) {
            if (kidMatches > 0) {
                throw new JoseException(Reason.ALG_NOT_ALLOWED, firstMismatch
                        + (kid != null ? " (kid \"" + Untrusted.printable(kid) + "\")" : ""));
            }
            throw new JoseException(Reason.KEY_NOT_FOUND, kid != null
                    ? "no key with kid \"" + Untrusted.printable(kid) + "\" in the key source"
                    : "the key source has no keys");
        }
        if (kid != null && fitting.size() > 1) {
            throw new JoseException(Reason.KEY_REJECTED, fitting.size() + " keys share kid \"" + Untrusted.printable(kid)
                    + "\" and could decrypt " + alg.identifier() + "; the key set is ambiguous");
        }
        return fitting;
    }

    private static String names(Set<JweAlgorithm> algs) {
        List<String> n = new ArrayList<>();
        for (JweAlgorithm a : algs) {
            n.add(a.identifier());
        }
        return String.join(", ", n);
    }

    /** Builder of {@link JweDecrypter}. */
    public static final class Builder {
        private final DecryptionKeySource keys;
        private Set<JweAlgorithm> algorithms;
        private Set<ContentEncryption> encryptions;
        private boolean rsa15;
        private final Set<String> understood = new HashSet<>();
        private int maxP2c = DEFAULT_MAX_PBES2_ITERATIONS;
        private int maxDecompressed = DEFAULT_MAX_DECOMPRESSED_LENGTH;
        private int maxLength = Jwe.DEFAULT_MAX_LENGTH;
        private int maxDepth = Json.DEFAULT_MAX_DEPTH;

        private Builder(DecryptionKeySource keys) {
            this.keys = Objects.requireNonNull(keys, "keys");
        }

        /** The accepted key management algorithms ({@code alg}). Required: there is no default. */
        public Builder algorithms(JweAlgorithm... algs) {
            return algorithms(List.of(algs));
        }

        /** The accepted key management algorithms ({@code alg}). Required: there is no default. */
        public Builder algorithms(Collection<JweAlgorithm> algs) {
            if (algs.isEmpty()) {
                throw new IllegalArgumentException("the algorithm allowlist cannot be empty");
            }
            this.algorithms = EnumSet.copyOf(algs);
            return this;
        }

        /** The accepted content encryption algorithms ({@code enc}). Required: there is no default. */
        public Builder encryptions(ContentEncryption... encs) {
            return encryptions(List.of(encs));
        }

        /** The accepted content encryption algorithms ({@code enc}). Required: there is no default. */
        public Builder encryptions(Collection<ContentEncryption> encs) {
            if (encs.isEmpty()) {
                throw new IllegalArgumentException("the content encryption allowlist cannot be empty");
            }
            this.encryptions = EnumSet.copyOf(encs);
            return this;
        }

        /**
         * Permits {@link JweAlgorithm#RSA1_5} in the allowlist. RSAES-PKCS1-v1_5 is the classic
         * padding oracle; Signet applies the RFC 7516 §11.5 countermeasure (a random CEK on bad
         * padding, one uniform error at the tag), but the scheme stays weak: use it only to read
         * tokens from a sender that cannot do RSA-OAEP.
         */
        public Builder allowInsecureRsa1_5() {
            this.rsa15 = true;
            return this;
        }

        /** Header names the caller processes itself, so {@code crit} may list them. */
        public Builder understoodCriticalHeaders(String... names) {
            understood.addAll(List.of(names));
            return this;
        }

        /** The largest PBES2 {@code p2c} accepted (default 600,000): each iteration is one HMAC an attacker makes us compute. */
        public Builder maxPbes2Iterations(int max) {
            if (max < 1) {
                throw new IllegalArgumentException("maxPbes2Iterations must be positive");
            }
            this.maxP2c = max;
            return this;
        }

        /** The largest decompressed content in bytes (default 256 KiB), enforced while inflating. */
        public Builder maxDecompressedLength(int bytes) {
            if (bytes < 1) {
                throw new IllegalArgumentException("maxDecompressedLength must be positive");
            }
            this.maxDecompressed = bytes;
            return this;
        }

        /** Maximum token length in characters (default 16 KiB). */
        public Builder maxTokenLength(int chars) {
            if (chars < 16) {
                throw new IllegalArgumentException("maxTokenLength too small: " + chars);
            }
            this.maxLength = chars;
            return this;
        }

        /** Maximum JSON nesting depth of the header (default 16, at most 1000). */
        public Builder maxJsonDepth(int depth) {
            if (depth < 1 || depth > 1000) {
                throw new IllegalArgumentException("maxJsonDepth must be between 1 and 1000");
            }
            this.maxDepth = depth;
            return this;
        }

        /**
         * @throws IllegalStateException without both allowlists, or with {@code RSA1_5} in the
         *     allowlist but no {@link #allowInsecureRsa1_5()}
         */
        public JweDecrypter build() {
            if (algorithms == null || encryptions == null) {
                throw new IllegalStateException("name the accepted alg and enc values with algorithms(...) and"
                        + " encryptions(...); there is no default allowlist");
            }
            if (algorithms.contains(JweAlgorithm.RSA1_5) && !rsa15) {
                throw new IllegalStateException("RSA1_5 is insecure (a padding oracle); accepting it takes"
                        + " allowInsecureRsa1_5()");
            }
            return new JweDecrypter(this);
        }
    }
}
