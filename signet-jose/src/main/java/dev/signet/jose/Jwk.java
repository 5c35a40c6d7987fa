package dev.signet.jose;

import dev.signet.jose.JoseException.Reason;
import dev.signet.jose.internal.json.Json;
import dev.signet.jose.internal.keys.AkpJwk;
import dev.signet.jose.internal.keys.EcJwk;
import dev.signet.jose.internal.keys.JcaKeyMembers;
import dev.signet.jose.internal.keys.JwkGenerator;
import dev.signet.jose.internal.keys.JwkMembers;
import dev.signet.jose.internal.keys.JwkPem;
import dev.signet.jose.internal.keys.JwkThumbprint;
import dev.signet.jose.internal.keys.KeyMaterial;
import dev.signet.jose.internal.keys.OctJwk;
import dev.signet.jose.internal.keys.OkpJwk;
import dev.signet.jose.internal.keys.RsaJwk;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.crypto.SecretKey;

/**
 * A JSON Web Key (RFC 7517): one immutable key with its JWK members and the JCA key objects
 * built from them once, at parse time.
 *
 * <p>Parsing is strict: members have the types and lengths the specs require, EC points lie on
 * their curve, {@code use} and {@code key_ops} agree. A key is never used for an operation or an
 * algorithm its {@code use}, {@code key_ops} or {@code alg} forbid ({@link #permits}).
 * {@link #toPublicJwk()} copies an allowlist of public members, so it can never leak a private one.
 *
 * <pre>{@code
 * Jwk key = Jwk.generate(JwsAlgorithm.ES256);          // kid = RFC 7638 thumbprint
 * String jwks = JwkSet.of(key.toPublicJwk()).toJson();  // publish
 * }</pre>
 */
public final class Jwk {

    /** Operations of {@code key_ops} (RFC 7517 §4.3). */
    public static final String SIGN = "sign";

    public static final String VERIFY = "verify";
    public static final String ENCRYPT = "encrypt";
    public static final String DECRYPT = "decrypt";
    public static final String WRAP_KEY = "wrapKey";
    public static final String UNWRAP_KEY = "unwrapKey";
    public static final String DERIVE_KEY = "deriveKey";
    public static final String DERIVE_BITS = "deriveBits";

    private static final Set<String> SIG_OPS = Set.of(SIGN, VERIFY);
    private static final Set<String> ENC_OPS = Set.of(ENCRYPT, DECRYPT, WRAP_KEY, UNWRAP_KEY, DERIVE_KEY, DERIVE_BITS);
    /**
     * Each operation's counterpart on the public key (RFC 7517 §4.3 pairs); key agreement
     * ({@code deriveKey}, {@code deriveBits}) is done by both parties, so it stays. Others have none.
     */
    private static final Map<String, String> PUBLIC_OP = Map.of(
            SIGN,
            VERIFY,
            VERIFY,
            VERIFY,
            DECRYPT,
            ENCRYPT,
            ENCRYPT,
            ENCRYPT,
            UNWRAP_KEY,
            WRAP_KEY,
            WRAP_KEY,
            WRAP_KEY,
            DERIVE_KEY,
            DERIVE_KEY,
            DERIVE_BITS,
            DERIVE_BITS);
    /** Members that may appear in a public JWK: everything else is dropped from the public view. */
    private static final Set<String> PUBLIC_MEMBERS = Set.of(
            "kty", "use", "key_ops", "alg", "kid", "x5u", "x5c", "x5t", "x5t#S256", "crv", "x", "y", "n", "e", "pub");

    private static final int MAX_JWK_BYTES = 64 * 1024;

    private final KeyType keyType;
    private final Curve curve;
    private final String keyId;
    private final String use;
    private final Set<String> keyOps;
    private final String algorithm;
    private final Map<String, Object> members;
    private final PublicKey publicKey;
    private final PrivateKey privateKey;
    private final SecretKey secretKey;
    private final List<X509Certificate> certificates;
    private final int sizeBits;

    private Jwk(
            KeyType keyType,
            KeyMaterial key,
            Map<String, Object> members,
            List<X509Certificate> certificates,
            Set<String> keyOps) {
        this.keyType = keyType;
        this.curve = key.curve();
        this.members = members;
        this.keyId = (String) members.get("kid");
        this.use = (String) members.get("use");
        this.algorithm = (String) members.get("alg");
        this.keyOps = keyOps;
        this.publicKey = key.publicKey();
        this.privateKey = key.privateKey();
        this.secretKey = key.secretKey();
        this.certificates = certificates;
        this.sizeBits = key.sizeBits();
    }

    // ---------------------------------------------------------------- parsing

    /** Parses one JWK from JSON. */
    public static Jwk parse(String json) throws JoseException {
        byte[] utf8 = json.getBytes(StandardCharsets.UTF_8);
        if (utf8.length > MAX_JWK_BYTES) {
            throw new JoseException(Reason.TOO_LARGE, "JWK of " + utf8.length + " bytes exceeds " + MAX_JWK_BYTES);
        }
        return fromMap(Json.parseObject(utf8));
    }

    /** Builds a JWK from its members (as parsed from JSON), validating them. */
    public static Jwk fromMap(Map<String, ?> json) throws JoseException {
        Map<String, Object> m = new LinkedHashMap<>();
        for (Map.Entry<String, ?> e : json.entrySet()) {
            m.put(e.getKey(), Json.copyValue(e.getValue()));
        }
        m = Collections.unmodifiableMap(m);
        String kty = JwkMembers.requireString(m, "kty");
        KeyType type = KeyType.fromIdentifier(kty);
        if (type == null) {
            throw new JoseException(Reason.UNSUPPORTED, "unsupported kty \"" + UntrustedText.printable(kty) + "\"");
        }
        JwkMembers.optionalString(m, "kid");
        String use = JwkMembers.optionalString(m, "use");
        JwkMembers.optionalString(m, "alg");
        Set<String> ops = JwkMembers.keyOps(m);
        if (use != null && ops != null) {
            Set<String> allowed = "sig".equals(use) ? SIG_OPS : "enc".equals(use) ? ENC_OPS : null;
            if (allowed != null && !allowed.containsAll(ops)) {
                throw new JoseException(Reason.KEY_REJECTED, "use \"" + use + "\" and key_ops " + ops + " disagree");
            }
        }
        List<X509Certificate> chain = JwkMembers.certificates(m);
        KeyMaterial key;
        List<X509Certificate> kept = chain;
        switch (type) {
            case RSA -> key = RsaJwk.read(m);
            case EC -> key = EcJwk.read(m);
            case OKP -> key = OkpJwk.read(m);
            case OCT -> {
                key = OctJwk.read(m);
                kept = List.of();
            }
            default -> {
                key = AkpJwk.read(m);
                kept = List.of();
            }
        }
        PublicKey pub = key.publicKey();
        if (!chain.isEmpty() && pub == null) {
            throw new JoseException(Reason.MALFORMED, "a symmetric key cannot carry x5c");
        }
        if (!chain.isEmpty()
                && !chain.get(0).getPublicKey().equals(pub)
                && !Arrays.equals(chain.get(0).getPublicKey().getEncoded(), pub.getEncoded())) {
            // RFC 7517 §4.7: the key in the first certificate MUST match the public key.
            throw new JoseException(Reason.KEY_REJECTED, "the x5c certificate does not hold this key");
        }
        return new Jwk(type, key, m, kept, ops);
    }

    // ---------------------------------------------------------------- from JCA keys, PEM, generation

    /** A public JWK for a JCA public key (RSA, EC, EdDSA, XDH, ML-DSA). */
    public static Jwk fromPublicKey(PublicKey key) throws JoseException {
        return fromMap(JcaKeyMembers.ofPublic(key));
    }

    /** A private JWK for a JCA key pair. */
    public static Jwk fromKeyPair(KeyPair pair) throws JoseException {
        return fromMap(JcaKeyMembers.ofPair(pair));
    }

    /** A symmetric ({@code oct}) JWK holding {@code secret}. */
    public static Jwk fromSecret(byte[] secret) throws JoseException {
        return fromMap(OctJwk.members(secret));
    }

    /**
     * Reads a PEM public key ({@code PUBLIC KEY}, SPKI), private key ({@code PRIVATE KEY}, PKCS#8;
     * for RSA, EC with its public point, and OKP the public half is derived) or certificate.
     */
    public static Jwk fromPem(String pem) throws JoseException {
        return fromMap(JwkPem.members(pem));
    }

    /**
     * Generates a new private key for {@code alg}: HMAC keys as long as the hash, RSA 2048 bits,
     * the algorithm's curve for ECDSA, Ed25519 for EdDSA. The JWK carries {@code alg},
     * {@code use: "sig"} and {@code kid} = its RFC 7638 thumbprint.
     */
    public static Jwk generate(JwsAlgorithm alg) throws JoseException {
        Jwk key = fromMap(JwkGenerator.members(alg));
        Map<String, Object> m = new LinkedHashMap<>(key.members);
        m.put("alg", alg.identifier());
        m.put("use", "sig");
        Jwk withAlg = fromMap(m);
        return withAlg.withKeyId(withAlg.thumbprint());
    }

    /** Generates a key pair on {@code curve} (EC or OKP, including X25519/X448 for key agreement). */
    public static Jwk generate(Curve curve) throws JoseException {
        return fromMap(JwkGenerator.members(curve));
    }

    // ---------------------------------------------------------------- copies

    /** A copy with {@code kid} set (or removed when null). */
    public Jwk withKeyId(String kid) {
        return withMember("kid", kid);
    }

    /** A copy with {@code alg} set (or removed when null). */
    public Jwk withAlgorithm(String alg) {
        return withMember("alg", alg);
    }

    /** A copy with {@code use} set (or removed when null). */
    public Jwk withUse(String use) {
        return withMember("use", use);
    }

    /** A copy with {@code key_ops} set (or removed when null). */
    public Jwk withKeyOps(List<String> ops) {
        return withMember("key_ops", ops);
    }

    private Jwk withMember(String name, Object value) {
        Map<String, Object> m = new LinkedHashMap<>(members);
        if (value == null) {
            m.remove(name);
        } else {
            m.put(name, value);
        }
        try {
            return fromMap(m);
        } catch (JoseException e) {
            throw new IllegalArgumentException("invalid " + name + ": " + e.detail(), e);
        }
    }

    // ---------------------------------------------------------------- accessors

    public KeyType keyType() {
        return keyType;
    }

    /** The curve of an EC or OKP key, else null. */
    public Curve curve() {
        return curve;
    }

    /** {@code kid}, or null. */
    public String keyId() {
        return keyId;
    }

    /** {@code use}, or null. */
    public String use() {
        return use;
    }

    /** {@code key_ops}, or null when absent. */
    public Set<String> keyOps() {
        return keyOps;
    }

    /** {@code alg}, or null. */
    public String algorithm() {
        return algorithm;
    }

    /** Key size in bits: the modulus (RSA), the group order (EC), the secret (oct). */
    public int sizeBits() {
        return sizeBits;
    }

    /** Whether this JWK holds private (or secret) key material. */
    public boolean isPrivate() {
        return privateKey != null || secretKey != null;
    }

    /** The JCA public key, or null for {@code oct}. */
    public PublicKey publicKey() {
        return publicKey;
    }

    /** The JCA private key, or null. */
    public PrivateKey privateKey() {
        return privateKey;
    }

    /** The JCA secret key of an {@code oct} JWK, or null. */
    public SecretKey secretKey() {
        return secretKey;
    }

    /** The parsed {@code x5c} chain (leaf first), empty when absent. */
    public List<X509Certificate> certificateChain() {
        return certificates;
    }

    /** All members, as parsed (including private ones). */
    public Map<String, Object> members() {
        return members;
    }

    /**
     * Whether the JWK allows {@code operation} ({@code sign}, {@code verify}, …) with the algorithm
     * {@code alg}: its {@code use} (RFC 7517 §4.2), {@code key_ops} (§4.3) and {@code alg} (§4.4)
     * must all allow it.
     */
    public boolean permits(String operation, String alg) {
        if (use != null) {
            Set<String> ops = "sig".equals(use) ? SIG_OPS : "enc".equals(use) ? ENC_OPS : Set.of();
            if (!ops.contains(operation)) {
                return false;
            }
        }
        if (keyOps != null && !keyOps.contains(operation)) {
            return false;
        }
        return algorithm == null || algorithm.equals(alg);
    }

    // ---------------------------------------------------------------- writing

    /** This JWK as JSON, including any private members. */
    public String toJson() {
        return Json.writeString(members);
    }

    /**
     * The public JWK: an allowlist of public members, and {@code key_ops} mapped to the public
     * counterparts ({@code sign} → {@code verify}, {@code decrypt} → {@code encrypt},
     * {@code unwrapKey} → {@code wrapKey}; {@code deriveKey} and {@code deriveBits} stay, since
     * the sender of an ECDH-ES JWE derives with the public key). An {@code oct} key has no public form.
     *
     * @throws IllegalStateException for an {@code oct} key
     */
    public Jwk toPublicJwk() {
        if (keyType == KeyType.OCT) {
            throw new IllegalStateException("a symmetric (oct) key has no public form");
        }
        // Always through the allowlist, also for a public key: an unknown member may be secret.
        Map<String, Object> m = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : members.entrySet()) {
            if (PUBLIC_MEMBERS.contains(e.getKey())) {
                m.put(e.getKey(), e.getValue());
            }
        }
        if (keyOps != null) {
            // A private key's "sign" becomes the public key's "verify", and so on: the public
            // view can do the counterpart of what the private key may do, nothing else.
            Set<String> ops = new LinkedHashSet<>();
            for (String op : keyOps) {
                if (PUBLIC_OP.containsKey(op)) {
                    ops.add(PUBLIC_OP.get(op));
                }
            }
            m.put("key_ops", List.copyOf(ops));
        }
        try {
            return fromMap(m);
        } catch (JoseException e) {
            throw new IllegalStateException("public view of a valid key failed to parse", e);
        }
    }

    /** The public key as PEM ({@code PUBLIC KEY}, SPKI). */
    public String toPublicPem() {
        return JwkPem.publicKey(this);
    }

    /** The private key as PEM ({@code PRIVATE KEY}, PKCS#8; for EC with its public point, as OpenSSL writes it). */
    public String toPrivatePem() {
        return JwkPem.privateKey(this);
    }

    /** RFC 7638 JWK thumbprint with SHA-256, Base64URL. */
    public String thumbprint() {
        return thumbprint("SHA-256");
    }

    /** RFC 7638 JWK thumbprint with the given JCA hash, Base64URL. */
    public String thumbprint(String hashAlgorithm) {
        return JwkThumbprint.of(this, hashAlgorithm);
    }

    /** RFC 9278 thumbprint URI: {@code urn:ietf:params:oauth:jwk-thumbprint:sha-256:…}. */
    public String thumbprintUri() {
        return "urn:ietf:params:oauth:jwk-thumbprint:sha-256:" + thumbprint();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Jwk jwk && jwk.members.equals(members);
    }

    @Override
    public int hashCode() {
        return members.hashCode();
    }

    /** Type, curve, kid and alg; never key material. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Jwk{kty=").append(keyType.identifier());
        if (curve != null) {
            sb.append(", crv=").append(curve.identifier());
        }
        if (keyId != null) {
            sb.append(", kid=").append(UntrustedText.printable(keyId));
        }
        if (algorithm != null) {
            sb.append(", alg=").append(UntrustedText.printable(algorithm));
        }
        return sb.append(isPrivate() ? ", private}" : ", public}").toString();
    }
}
