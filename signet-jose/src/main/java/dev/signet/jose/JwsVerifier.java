package dev.signet.jose;

import dev.signet.jose.JoseException.Reason;
import java.io.ByteArrayInputStream;
import java.security.GeneralSecurityException;
import java.security.Provider;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Date;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Verifies compact JWS: size limit → strict decode → header ({@code alg} allowlisted, {@code crit}
 * understood, {@code typ} when configured) → key selection → signature. Built once, thread-safe.
 * {@link #verifyJson} does the same for each signature of a JWS in JSON serialization.
 *
 * <p>Keys come from the {@link KeySource} only. Headers that point elsewhere ({@code jku},
 * {@code x5u}, {@code jwk}, {@code x5c}) are ignored unless the caller opts in with
 * {@link Builder#trustEmbeddedJwk()} or {@link Builder#trustX5cChains}; {@code jku} and {@code x5u}
 * are never fetched. A key is used only for algorithms its type, curve and JWK members allow, so an
 * RSA or EC public key can never serve as an HMAC secret.
 *
 * <p>For JWTs use {@link JwtVerifier}, which adds the claim checks.
 */
public final class JwsVerifier {

    private static final Set<String> ALWAYS_UNDERSTOOD = Set.of("b64");

    private final KeySource keys;
    private final Set<JwsAlgorithm> algorithms;
    private final String type;
    private final Set<String> understood;
    private final Provider provider;
    private final int maxLength;
    private final int maxDepth;
    private final boolean trustEmbeddedJwk;
    private final Set<TrustAnchor> x5cAnchors;
    private final Clock clock;
    private final int maxSignatures;
    private final boolean requireAll;
    private final HeaderCache headers = new HeaderCache();

    private JwsVerifier(Builder b) {
        this.keys = b.keys;
        this.algorithms = b.algorithms == null ? EnumSet.allOf(JwsAlgorithm.class) : EnumSet.copyOf(b.algorithms);
        this.type = b.type == null ? null : normalizeType(b.type);
        Set<String> u = new HashSet<>(ALWAYS_UNDERSTOOD);
        u.addAll(b.reading.understood);
        this.understood = Set.copyOf(u);
        this.provider = b.provider;
        this.maxLength = b.reading.maxLength;
        this.maxDepth = b.reading.maxDepth;
        this.trustEmbeddedJwk = b.trustEmbeddedJwk;
        this.x5cAnchors = b.x5cAnchors;
        this.clock = b.clock;
        this.maxSignatures = b.reading.maxEntries;
        this.requireAll = b.requireAll;
    }

    /** A builder verifying with keys from {@code keys}. */
    public static Builder builder(KeySource keys) {
        return new Builder(keys);
    }

    /** Verifies a compact JWS and returns it with the key that verified it. */
    public Jws verify(String compact) throws JoseException {
        return verify(Jws.parse(compact, null, maxLength, maxDepth, headers));
    }

    /** Verifies a compact JWS whose payload part is empty and whose content travels separately. */
    public Jws verifyDetached(String compact, byte[] payload) throws JoseException {
        Objects.requireNonNull(payload, "payload");
        return verify(Jws.parse(compact, payload, maxLength, maxDepth));
    }

    /**
     * Verifies a JWS in JSON serialization (RFC 7515 §7.2), general or flattened, and returns it
     * with each signature's outcome. Parsing is strict (see {@link JwsJson}); then every signature
     * faces the same checks as a compact JWS, with these additions, since an unprotected
     * {@code header} member is not integrity-protected:
     * <ul>
     *   <li>{@code alg} must be in the signature's protected header ({@code ALG_NOT_ALLOWED}
     *       otherwise: an unprotected {@code alg} could be rewritten by anyone);
     *   <li>when a {@linkplain Builder#type type} is required, {@code typ} must be protected
     *       ({@code WRONG_TYPE} otherwise);
     *   <li>with {@link Builder#trustEmbeddedJwk()} or {@link Builder#trustX5cChains}, an
     *       embedded {@code jwk} or {@code x5c} must be protected ({@code KEY_REJECTED} otherwise);
     *   <li>{@code kid} may be unprotected: it only selects a key, which the signature must then match.
     * </ul>
     *
     * <p>By default the object verifies when at least one signature verifies with an allowed key
     * and algorithm; {@link JwsJson#verifiedSignatures()} says which, and every other signature
     * carries its {@link JwsJson.Signature#failure() failure}. With {@link Builder#requireAllSignatures()}
     * every signature must verify. Signatures are independent of each other (RFC 7515 §7.2.1): one
     * may be removed without invalidating the rest, so a caller that needs a particular signer
     * checks the verified keys.
     *
     * @throws JoseException when parsing fails, when no signature verifies (a single signature's
     *     own rejection; for several, the reason all of them share, else the first one's, with each
     *     rejection attached as suppressed), or, requiring all, the first signature that fails
     */
    public JwsJson verifyJson(String json) throws JoseException {
        return verifyJson(JwsJson.parse(json, null, maxLength, maxDepth, maxSignatures));
    }

    /**
     * Verifies a JWS JSON object without a {@code payload} member whose content travels separately
     * (RFC 7515 Appendix F); otherwise as {@link #verifyJson(String)}.
     */
    public JwsJson verifyJsonDetached(String json, byte[] payload) throws JoseException {
        Objects.requireNonNull(payload, "payload");
        return verifyJson(JwsJson.parse(json, payload, maxLength, maxDepth, maxSignatures));
    }

    private JwsJson verifyJson(JwsJson jws) throws JoseException {
        List<JwsJson.Signature> signatures = jws.signatures();
        int n = signatures.size();
        List<JwsJson.Signature> outcomes = new ArrayList<>(n);
        boolean anyVerified = false;
        for (int i = 0; i < n; i++) {
            JwsJson.Signature s = signatures.get(i);
            try {
                requireProtected(s);
                byte[] input = jws.signingInput(s);
                outcomes.add(s.verifiedWith(verifySignature(s.header(), input, input.length, s.signatureBytes())));
                anyVerified = true;
            } catch (JoseException e) {
                JoseException failure = JsonEntryFailures.numbered(e, "signature", i, n);
                if (requireAll) {
                    throw failure;
                }
                outcomes.add(s.failedWith(failure));
            }
        }
        if (!anyVerified) {
            List<JoseException> failures = new ArrayList<>(n);
            for (JwsJson.Signature s : outcomes) {
                failures.add(s.failure());
            }
            throw JsonEntryFailures.noneSucceeds(failures, "signatures", "verifies", "signature", null);
        }
        return jws.withResults(outcomes);
    }

    /** The header members a JSON signature must integrity-protect for this verifier's checks to mean anything. */
    private void requireProtected(JwsJson.Signature s) throws JoseException {
        if (!s.isProtected("alg")) {
            throw new JoseException(
                    Reason.ALG_NOT_ALLOWED,
                    "alg \"" + UntrustedText.printable(s.header().algorithm())
                            + "\" is in the unprotected header; it must be integrity-protected (in \"protected\")");
        }
        if (type != null && s.header().type() != null && !s.isProtected("typ")) {
            throw new JoseException(
                    Reason.WRONG_TYPE,
                    "typ is in the unprotected header; a required typ must be" + " integrity-protected");
        }
        if ((trustEmbeddedJwk && s.header().has("jwk") && !s.isProtected("jwk"))
                || (x5cAnchors != null && s.header().has("x5c") && !s.isProtected("x5c"))) {
            throw new JoseException(
                    Reason.KEY_REJECTED, "an embedded jwk or x5c must be integrity-protected to be" + " used");
        }
    }

    Jws verify(Jws jws) throws JoseException {
        return jws.verifiedWith(
                verifySignature(jws.header(), jws.encoded(), jws.signingInputLength(), jws.signatureBytes()));
    }

    /**
     * The checks and the signature of one JWS signature: header policy, key selection, then the
     * signature over {@code input[0, inputLength)}; returns the key that verified it.
     */
    private Jwk verifySignature(JwsHeader h, byte[] input, int inputLength, byte[] signature) throws JoseException {
        JwsAlgorithm alg = checkHeader(h);
        List<Jwk> candidates = select(h, alg);
        for (Jwk k : candidates) {
            KeyFit.checkStrength(k, alg);
        }
        for (Jwk k : candidates) {
            boolean ok;
            try {
                JwsAlgorithm run = alg.resolvedFor(k.curve());
                ok = run.family().verify(run, KeyFit.verificationKey(k), input, 0, inputLength, signature, provider);
            } catch (GeneralSecurityException | RuntimeException e) {
                // A provider that throws on a hostile signature has still rejected it.
                ok = false;
            }
            if (ok) {
                return k;
            }
        }
        throw new JoseException(
                Reason.BAD_SIGNATURE,
                alg.identifier() + " signature does not verify with "
                        + (candidates.size() == 1
                                ? "the key " + describe(candidates.get(0))
                                : candidates.size() + " candidate keys"));
    }

    private JwsAlgorithm checkHeader(JwsHeader h) throws JoseException {
        String algName = h.algorithm();
        JwsAlgorithm alg = JwsAlgorithm.fromIdentifier(algName);
        if (alg == null) {
            throw new JoseException(
                    Reason.ALG_NOT_ALLOWED,
                    "alg \"" + UntrustedText.printable(algName) + "\" is not allowed"
                            + ("none".equalsIgnoreCase(algName) ? " (unsecured JWS is never accepted)" : "")
                            + "; allowed: "
                            + allowed());
        }
        if (!algorithms.contains(alg)) {
            throw new JoseException(
                    Reason.ALG_NOT_ALLOWED, "alg " + alg.identifier() + " is not allowed; allowed: " + allowed());
        }
        if (!alg.isAvailable() && provider == null) {
            throw new JoseException(Reason.UNSUPPORTED, alg.identifier() + " is not supported by this runtime");
        }
        ReadPolicy.checkCritical(h.critical(), understood, "verifier");
        if (type != null) {
            String found = h.type();
            if (found == null || !normalizeType(found).equals(type)) {
                throw new JoseException(
                        Reason.WRONG_TYPE,
                        "expected typ \"" + type + "\", found "
                                + (found == null ? "none" : "\"" + UntrustedText.printable(found) + "\""));
            }
        }
        return alg;
    }

    /** RFC 7515 §4.1.9: media types compare case-insensitively and may omit "application/". */
    static String normalizeType(String typ) {
        String t = typ.toLowerCase(Locale.ROOT);
        if (t.startsWith("application/") && t.indexOf('/', 12) < 0) {
            t = t.substring(12);
        }
        return t;
    }

    private List<Jwk> select(JwsHeader h, JwsAlgorithm alg) throws JoseException {
        List<Jwk> pool;
        boolean fromHeader = false;
        if (x5cAnchors != null && h.has("x5c")) {
            pool = List.of(x5cKey(h));
            fromHeader = true;
        } else if (trustEmbeddedJwk && h.has("jwk")) {
            pool = List.of(embeddedJwk(h));
            fromHeader = true;
        } else {
            pool = keys.candidates(h);
        }
        if (!fromHeader) {
            rejectMixedSymmetry(pool);
        }
        String kid = h.keyId();
        List<Jwk> fitting = new ArrayList<>(2);
        String firstMismatch = null;
        int kidMatches = 0;
        for (Jwk k : pool) {
            if (!fromHeader && kid != null && !kid.equals(k.keyId())) {
                continue;
            }
            kidMatches++;
            String why = KeyFit.mismatch(k, alg, Jwk.VERIFY);
            if (why == null) {
                fitting.add(k);
            } else if (firstMismatch == null) {
                firstMismatch = why;
            }
        }
        KeySelection.check(fitting, kid, kidMatches, firstMismatch, "verify", alg.identifier());
        return fitting;
    }

    /**
     * A shared secret next to public keys means the secret sits where public keys are
     * distributed: such a set is refused outright rather than trusted per token.
     */
    private static void rejectMixedSymmetry(List<Jwk> pool) throws JoseException {
        boolean secret = false;
        boolean asymmetric = false;
        for (Jwk k : pool) {
            if (k.keyType() == KeyType.OCT) {
                secret = true;
            } else {
                asymmetric = true;
            }
        }
        if (secret && asymmetric) {
            throw new JoseException(
                    Reason.KEY_REJECTED,
                    "the key source mixes symmetric secrets with asymmetric keys;"
                            + " use a separate verifier for each");
        }
    }

    private Jwk embeddedJwk(JwsHeader h) throws JoseException {
        @SuppressWarnings("unchecked")
        Jwk k = Jwk.fromMap((Map<String, Object>) h.get("jwk"));
        if (k.isPrivate()) {
            throw new JoseException(Reason.KEY_REJECTED, "the embedded jwk holds private or secret key material");
        }
        return k;
    }

    private Jwk x5cKey(JwsHeader h) throws JoseException {
        List<?> entries = (List<?>) h.get("x5c");
        if (entries.isEmpty()) {
            throw new JoseException(Reason.MALFORMED, "header \"x5c\" is empty");
        }
        List<X509Certificate> chain = new ArrayList<>();
        try {
            CertificateFactory cf = CertificateFactory.getInstance("X.509");
            for (Object o : entries) {
                if (!(o instanceof String string)) {
                    throw new JoseException(Reason.MALFORMED, "header \"x5c\" entries must be strings");
                }
                chain.add((X509Certificate) cf.generateCertificate(
                        new ByteArrayInputStream(Base64.getDecoder().decode(string))));
            }
            CertPath path = cf.generateCertPath(chain);
            PKIXParameters params = new PKIXParameters(x5cAnchors);
            // No network: revocation is the caller's policy (OCSP/CRL fetching would be an SSRF vector).
            params.setRevocationEnabled(false);
            params.setDate(Date.from(clock.instant()));
            CertPathValidator.getInstance("PKIX").validate(path, params);
        } catch (JoseException e) {
            throw e;
        } catch (GeneralSecurityException e) {
            throw new JoseException(
                    Reason.UNTRUSTED_CERTIFICATE,
                    "the x5c chain does not validate against the trust" + " anchors: "
                            + e.getClass().getSimpleName());
        } catch (IllegalArgumentException e) {
            throw new JoseException(Reason.MALFORMED, "header \"x5c\" holds an unreadable certificate");
        }
        X509Certificate leaf = chain.get(0);
        boolean[] usage = leaf.getKeyUsage();
        if (usage != null && !usage[0]) {
            throw new JoseException(
                    Reason.UNTRUSTED_CERTIFICATE, "the x5c leaf certificate is not for digital signatures");
        }
        return Jwk.fromPublicKey(leaf.getPublicKey());
    }

    private static String describe(Jwk k) {
        return k.keyId() == null ? k.keyType().identifier() : "kid \"" + UntrustedText.printable(k.keyId()) + "\"";
    }

    private String allowed() {
        return algorithms.stream().map(JwsAlgorithm::identifier).collect(Collectors.joining(", "));
    }

    /** Builder of {@link JwsVerifier}. */
    public static final class Builder {
        private final KeySource keys;
        private Set<JwsAlgorithm> algorithms;
        private String type;
        private final ReadPolicy reading =
                new ReadPolicy(Jws.DEFAULT_MAX_LENGTH, "maxJsonSignatures", JwsJson.DEFAULT_MAX_SIGNATURES);
        private Provider provider;
        private boolean trustEmbeddedJwk;
        private Set<TrustAnchor> x5cAnchors;
        private Clock clock = Clock.systemUTC();
        private boolean requireAll;

        private Builder(KeySource keys) {
            this.keys = Objects.requireNonNull(keys, "keys");
        }

        /**
         * The allowed algorithms. Default: every algorithm Signet implements, each still bound to
         * keys of its own type, curve and JWK {@code alg}.
         */
        public Builder algorithms(JwsAlgorithm... algs) {
            return algorithms(List.of(algs));
        }

        /** The allowed algorithms. */
        public Builder algorithms(Collection<JwsAlgorithm> algs) {
            this.algorithms = ReadPolicy.allowlist(algs, "algorithm");
            return this;
        }

        /** Require this {@code typ} (compared per RFC 7515 §4.1.9). */
        public Builder type(String typ) {
            this.type = Objects.requireNonNull(typ, "typ");
            return this;
        }

        /** Header names the caller processes itself, so {@code crit} may list them. */
        public Builder understoodCriticalHeaders(String... names) {
            reading.understand(names);
            return this;
        }

        /** Pins the JCA provider. */
        public Builder provider(Provider provider) {
            this.provider = Objects.requireNonNull(provider, "provider");
            return this;
        }

        /**
         * Maximum number of signatures in a JWS JSON object (default
         * {@value JwsJson#DEFAULT_MAX_SIGNATURES}); each one may cost a public-key operation per
         * candidate key.
         */
        public Builder maxJsonSignatures(int count) {
            reading.maxJsonEntries(count);
            return this;
        }

        /**
         * JSON serialization: every signature must verify, not just one (the default). "Every"
         * means every signature present: signatures are independent, so one that was removed is
         * not noticed; check {@link JwsJson#verifiedSignatures()} for the signers you need.
         */
        public Builder requireAllSignatures() {
            this.requireAll = true;
            return this;
        }

        /** Maximum token length in characters, compact or JSON (default 16 KiB). */
        public Builder maxTokenLength(int chars) {
            reading.maxTokenLength(chars);
            return this;
        }

        /**
         * Maximum JSON nesting depth of header and payload (default 16, at most 1000: the parser
         * recurses once per level, and deeper documents would overflow the thread's stack).
         */
        public Builder maxJsonDepth(int depth) {
            reading.maxJsonDepth(depth);
            return this;
        }

        /**
         * Verifies with the public key in the token's own {@code jwk} header instead of the key
         * source. The signature then proves only possession of that key, not who holds it: bind
         * the key yourself (for example DPoP, RFC 9449, through {@code cnf.jkt}).
         */
        public Builder trustEmbeddedJwk() {
            this.trustEmbeddedJwk = true;
            return this;
        }

        /**
         * Verifies tokens carrying {@code x5c} with the leaf certificate's key after validating the
         * chain with PKIX against {@code anchors} at the verifier's clock (no revocation fetching).
         */
        public Builder trustX5cChains(Collection<X509Certificate> anchors) {
            if (anchors.isEmpty()) {
                throw new IllegalArgumentException("at least one trust anchor is needed");
            }
            Set<TrustAnchor> a = new HashSet<>();
            for (X509Certificate c : anchors) {
                a.add(new TrustAnchor(c, null));
            }
            this.x5cAnchors = Set.copyOf(a);
            return this;
        }

        /** The clock for certificate validity (default UTC system clock). */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        public JwsVerifier build() {
            return new JwsVerifier(this);
        }
    }
}
