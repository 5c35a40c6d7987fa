package dev.signet.jose;

import dev.signet.jose.JoseException.Reason;
import dev.signet.jose.internal.jwe.Deflate;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Decrypts compact JWE (RFC 7516 §5.2): size limit → strict decode → header ({@code alg} and
 * {@code enc} in the caller's allowlists, {@code crit} understood, {@code zip} known, what the
 * algorithm needs present and bounded: {@code p2c} at most {@link Builder#maxPbes2Iterations}) →
 * key selection ({@code kid}, type, curve, size, {@code use}, {@code key_ops}, {@code alg}) → CEK
 * recovery ({@code epk} on the recipient's curve) → authentication tag → decryption →
 * decompression bounded while it runs. Built once, thread-safe. {@link #decryptJson} does the
 * same for the recipients of a JWE in JSON serialization.
 *
 * <p>There is no default allowlist: the caller names the {@code alg} and {@code enc} values it
 * accepts, and every pair of one of each is accepted (a caller who accepts only some pairs builds
 * one decrypter per pair). {@code RSA1_5} is accepted only after {@link Builder#allowInsecureRsa1_5()}. A wrong
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
    private final int maxRecipients;
    private final SecureRandom random = new SecureRandom();

    private JweDecrypter(Builder b) {
        this.keys = b.keys;
        this.algorithms = EnumSet.copyOf(b.algorithms);
        this.encryptions = EnumSet.copyOf(b.encryptions);
        this.understood = Set.copyOf(b.reading.understood);
        this.maxP2c = b.maxP2c;
        this.maxDecompressed = b.maxDecompressed;
        this.maxLength = b.reading.maxLength;
        this.maxDepth = b.reading.maxDepth;
        this.maxRecipients = b.reading.maxEntries;
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
        Opened opened = open(
                jwe.header(),
                jwe.aadUnsafe(),
                jwe.encryptedKeyUnsafe(),
                jwe.ivUnsafe(),
                jwe.ciphertextUnsafe(),
                jwe.tagUnsafe());
        return jwe.decryptedWith(opened.plaintext, opened.key);
    }

    /**
     * Decrypts a JWE in JSON serialization (RFC 7516 §7.2), general or flattened, and returns it
     * with its plaintext, the recipient that opened it and the key. Parsing is strict (see
     * {@link JweJson}; at most {@link Builder#maxJsonRecipients} recipients); then:
     * <ul>
     *   <li>{@code enc} must be in the protected header ({@code ALG_NOT_ALLOWED} otherwise): the
     *       content's tag covers only that header, and an unprotected {@code enc} could be rewritten
     *       to use the CEK with another algorithm of the same key length. {@code zip} and
     *       {@code crit} are protected by the parser;
     *   <li>the content checks of a compact JWE, once: {@code enc} allowed, {@code crit}
     *       understood, {@code zip} known, IV length;
     *   <li>then recipient by recipient, in document order, exactly the compact checks and key
     *       work: {@code alg} allowed (it may be unprotected, as key management parameters are:
     *       whatever CEK they yield must still pass the content's tag, which the protected header,
     *       the AAD and the IV are bound to), what {@code alg} needs ({@code p2c} bounded), key
     *       selection by the recipient's {@code kid}, else by type and algorithm fit, key size,
     *       CEK recovery, tag, decryption, bounded inflation. The first recipient that decrypts is
     *       the answer. PBES2 iterations are counted across recipients: together they may not
     *       exceed {@link Builder#maxPbes2Iterations}, so a JSON object costs no more than a
     *       compact JWE.
     * </ul>
     *
     * <p>JWTs are compact only (RFC 7519 §7.1): {@link JwtVerifier} never reads JSON serialization.
     *
     * @throws JoseException when parsing or a content check fails, or when no recipient decrypts:
     *     a single recipient's own rejection; for several, {@code DECRYPTION_FAILED} if any recipient
     *     had a fitting key that did not open it, else the reason they share, else recipient 0's,
     *     with each rejection attached as suppressed
     */
    public JweJson decryptJson(String json) throws JoseException {
        JweJson jwe = JweJson.parse(json, maxLength, maxDepth, maxRecipients);
        List<JweJson.Recipient> recipients = jwe.recipients();
        JweJson.Recipient first = recipients.get(0);
        if (!first.isProtected("enc")) {
            throw new JoseException(
                    Reason.ALG_NOT_ALLOWED,
                    "enc \"" + UntrustedText.printable(first.header().encryption())
                            + "\" is in an unprotected header; it must be integrity-protected (in \"protected\")");
        }
        // enc, zip and crit are protected, so these checks hold for every recipient alike.
        ContentEncryption enc = checkContent(first.header(), jwe.ivUnsafe());
        byte[] aad = jwe.aadUnsafe();
        long pbes2Budget = maxP2c;
        int n = recipients.size();
        List<JoseException> failures = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            JweJson.Recipient r = recipients.get(i);
            JweHeader h = r.header();
            try {
                JweAlgorithm alg = checkAlgorithm(h);
                KeyManagement.checkHeader(alg, h, r.encryptedKeyUnsafe(), maxP2c);
                List<Jwk> selected = select(h, alg, enc);
                if (alg.family() == JweAlgorithm.Family.PBES2) {
                    long cost = h.pbes2Count() * selected.size();
                    if (cost > pbes2Budget) {
                        throw new JoseException(
                                Reason.TOO_LARGE,
                                "PBES2 would take " + cost + " iterations, more than" + " the " + pbes2Budget
                                        + " left of this JWE's limit of " + maxP2c);
                    }
                    pbes2Budget -= cost;
                }
                Opened opened = openWith(
                        selected,
                        alg,
                        enc,
                        h,
                        aad,
                        r.encryptedKeyUnsafe(),
                        jwe.ivUnsafe(),
                        jwe.ciphertextUnsafe(),
                        jwe.tagUnsafe());
                return jwe.decryptedWith(r, opened.plaintext, opened.key);
            } catch (JoseException e) {
                failures.add(JsonEntryFailures.numbered(e, "recipient", i, n));
            }
        }
        // A recipient whose key fitted but did not open it outweighs those without a key.
        throw JsonEntryFailures.noneSucceeds(failures, "recipients", "decrypts", "recipient", Reason.DECRYPTION_FAILED);
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
        ContentEncryption enc = checkContent(header, iv);
        KeyManagement.checkHeader(alg, header, encryptedKey, maxP2c);
        return openWith(select(header, alg, enc), alg, enc, header, aad, encryptedKey, iv, ciphertext, tag);
    }

    /**
     * The checks that concern the content, not a recipient: {@code enc} allowed, every {@code crit}
     * name understood, {@code zip} known, the IV of the {@code enc}'s length.
     */
    private ContentEncryption checkContent(JweHeader header, byte[] iv) throws JoseException {
        ContentEncryption enc = checkEncryption(header);
        ReadPolicy.checkCritical(header.critical(), understood, "decrypter");
        String zip = header.compression();
        if (zip != null && !"DEF".equals(zip)) {
            throw new JoseException(
                    Reason.UNSUPPORTED, "zip \"" + UntrustedText.printable(zip) + "\" is not supported; only DEF");
        }
        if (iv.length != enc.ivLength()) {
            throw new JoseException(
                    Reason.MALFORMED,
                    enc.identifier() + " needs a " + enc.ivLength() * 8 + "-bit IV, found " + iv.length * 8 + " bits");
        }
        return enc;
    }

    /** CEK recovery and content decryption with each selected key in turn; one rejection when none opens it. */
    private Opened openWith(
            List<Jwk> keys,
            JweAlgorithm alg,
            ContentEncryption enc,
            JweHeader header,
            byte[] aad,
            byte[] encryptedKey,
            byte[] iv,
            byte[] ciphertext,
            byte[] tag)
            throws JoseException {
        for (Jwk k : keys) {
            byte[] content;
            byte[] cek = null;
            try {
                cek = KeyManagement.decrypt(alg, enc, k, header, encryptedKey, random);
                content = enc.open(cek, iv, aad, ciphertext, tag);
            } catch (JoseException e) {
                if (e.reason() == Reason.DECRYPTION_FAILED) {
                    continue;
                }
                throw e;
            } finally {
                if (cek != null) {
                    Arrays.fill(cek, (byte) 0);
                }
            }
            return new Opened(header.compression() == null ? content : Deflate.inflate(content, maxDecompressed), k);
        }
        throw KeyManagement.decryptionFailed();
    }

    private JweAlgorithm checkAlgorithm(JweHeader h) throws JoseException {
        JweAlgorithm alg = JweAlgorithm.fromIdentifier(h.algorithm());
        if (alg == null || !algorithms.contains(alg)) {
            throw new JoseException(
                    Reason.ALG_NOT_ALLOWED,
                    "alg \"" + UntrustedText.printable(h.algorithm())
                            + "\" is not allowed; allowed: "
                            + algorithms.stream().map(JweAlgorithm::identifier).collect(Collectors.joining(", ")));
        }
        return alg;
    }

    private ContentEncryption checkEncryption(JweHeader h) throws JoseException {
        ContentEncryption enc = ContentEncryption.fromIdentifier(h.encryption());
        if (enc == null || !encryptions.contains(enc)) {
            throw new JoseException(
                    Reason.ALG_NOT_ALLOWED,
                    "enc \"" + UntrustedText.printable(h.encryption())
                            + "\" is not allowed; allowed: "
                            + encryptions.stream()
                                    .map(ContentEncryption::identifier)
                                    .collect(Collectors.joining(", ")));
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
        KeySelection.check(fitting, kid, kidMatches, firstMismatch, "decrypt", alg.identifier());
        return fitting;
    }

    /** Builder of {@link JweDecrypter}. */
    public static final class Builder {
        private final DecryptionKeySource keys;
        private Set<JweAlgorithm> algorithms;
        private Set<ContentEncryption> encryptions;
        private boolean rsa15;
        private final ReadPolicy reading =
                new ReadPolicy(Jwe.DEFAULT_MAX_LENGTH, "maxJsonRecipients", JweJson.DEFAULT_MAX_RECIPIENTS);
        private int maxP2c = DEFAULT_MAX_PBES2_ITERATIONS;
        private int maxDecompressed = DEFAULT_MAX_DECOMPRESSED_LENGTH;

        private Builder(DecryptionKeySource keys) {
            this.keys = Objects.requireNonNull(keys, "keys");
        }

        /** The accepted key management algorithms ({@code alg}). Required: there is no default. */
        public Builder algorithms(JweAlgorithm... algs) {
            return algorithms(List.of(algs));
        }

        /** The accepted key management algorithms ({@code alg}). Required: there is no default. */
        public Builder algorithms(Collection<JweAlgorithm> algs) {
            this.algorithms = ReadPolicy.allowlist(algs, "algorithm");
            return this;
        }

        /** The accepted content encryption algorithms ({@code enc}). Required: there is no default. */
        public Builder encryptions(ContentEncryption... encs) {
            return encryptions(List.of(encs));
        }

        /** The accepted content encryption algorithms ({@code enc}). Required: there is no default. */
        public Builder encryptions(Collection<ContentEncryption> encs) {
            this.encryptions = ReadPolicy.allowlist(encs, "content encryption");
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
            reading.understand(names);
            return this;
        }

        /**
         * The largest PBES2 {@code p2c} accepted (default 600,000): each iteration is one HMAC an attacker makes us
         * compute.
         */
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
            reading.maxTokenLength(chars);
            return this;
        }

        /**
         * Maximum number of recipients in a JWE JSON object (default
         * {@value JweJson#DEFAULT_MAX_RECIPIENTS}); each may cost a private-key operation per
         * fitting key. Checked before any key is looked up.
         */
        public Builder maxJsonRecipients(int count) {
            reading.maxJsonEntries(count);
            return this;
        }

        /** Maximum JSON nesting depth of the header (default 16, at most 1000). */
        public Builder maxJsonDepth(int depth) {
            reading.maxJsonDepth(depth);
            return this;
        }

        /**
         * The decrypter with these settings.
         *
         * @throws IllegalStateException without both allowlists, or with {@code RSA1_5} in the
         *     allowlist but no {@link #allowInsecureRsa1_5()}
         */
        public JweDecrypter build() {
            if (algorithms == null || encryptions == null) {
                throw new IllegalStateException("name the accepted alg and enc values with algorithms(...) and"
                        + " encryptions(...); there is no default allowlist");
            }
            if (algorithms.contains(JweAlgorithm.RSA1_5) && !rsa15) {
                throw new IllegalStateException(
                        "RSA1_5 is insecure (a padding oracle); accepting it takes" + " allowInsecureRsa1_5()");
            }
            return new JweDecrypter(this);
        }
    }
}
