package dev.signet.jose;

import dev.signet.jose.JoseException.Reason;
import dev.signet.jose.internal.Untrusted;
import dev.signet.jose.internal.json.Json;
import dev.signet.jose.internal.jws.MlDsa;
import dev.signet.jose.internal.keys.Der;
import dev.signet.jose.internal.keys.Keys;
import dev.signet.jose.internal.keys.Pem;
import dev.signet.jose.internal.keys.RocaFingerprint;
import dev.signet.jose.internal.keys.SeededKeyGen;
import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.RSAKeyGenParameterSpec;
import java.security.spec.RSAPrivateCrtKeySpec;
import java.security.spec.RSAPrivateKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

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
    private static final Map<String, String> PUBLIC_OP = Map.of(SIGN, VERIFY, VERIFY, VERIFY, DECRYPT, ENCRYPT,
            ENCRYPT, ENCRYPT, UNWRAP_KEY, WRAP_KEY, WRAP_KEY, WRAP_KEY, DERIVE_KEY, DERIVE_KEY, DERIVE_BITS, DERIVE_BITS);
    /** Members that may appear in a public JWK: everything else is dropped from the public view. */
    private static final Set<String> PUBLIC_MEMBERS = Set.of("kty", "use", "key_ops", "alg", "kid", "x5u", "x5c",
            "x5t", "x5t#S256", "crv", "x", "y", "n", "e", "pub");
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

    private Jwk(KeyType keyType, Curve curve, Map<String, Object> members, PublicKey publicKey,
            PrivateKey privateKey, SecretKey secretKey, List<X509Certificate> certificates, int sizeBits,
            Set<String> keyOps) {
        this.keyType = keyType;
        this.curve = curve;
        this.members = members;
        this.keyId = (String) members.get("kid");
        this.use = (String) members.get("use");
        this.algorithm = (String) members.get("alg");
        this.keyOps = keyOps;
        this.publicKey = publicKey;
        this.privateKey = privateKey;
        this.secretKey = secretKey;
        this.certificates = certificates;
        this.sizeBits = sizeBits;
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
        String kty = requireString(m, "kty");
        KeyType type = KeyType.fromIdentifier(kty);
        if (type == null) {
            throw new JoseException(Reason.UNSUPPORTED, "unsupported kty \"" + Untrusted.printable(kty) + "\"");
        }
        optionalString(m, "kid");
        String use = optionalString(m, "use");
        String alg = optionalString(m, "alg");
        Set<String> ops = keyOps(m);
        if (use != null && ops != null) {
            Set<String> allowed = "sig".equals(use) ? SIG_OPS : "enc".equals(use) ? ENC_OPS : null;
            if (allowed != null && !allowed.containsAll(ops)) {
                throw new JoseException(Reason.KEY_REJECTED, "use \"" + use + "\" and key_ops " + ops + " disagree");
            }
        }
        List<X509Certificate> chain = certificates(m);
        Jwk jwk;
        switch (type) {
            case RSA:
                jwk = rsa(m, ops, chain);
                break;
            case EC:
                jwk = ec(m, ops, chain);
                break;
            case OKP:
                jwk = okp(m, ops, chain);
                break;
            case OCT:
                jwk = oct(m, ops);
                break;
            default:
                jwk = akp(m, ops, alg);
                break;
        }
        if (!chain.isEmpty() && jwk.publicKey == null) {
            throw new JoseException(Reason.MALFORMED, "a symmetric key cannot carry x5c");
        }
        if (!chain.isEmpty() && !chain.get(0).getPublicKey().equals(jwk.publicKey)
                && !Arrays.equals(chain.get(0).getPublicKey().getEncoded(), jwk.publicKey.getEncoded())) {
            // RFC 7517 §4.7: the key in the first certificate MUST match the public key.
            throw new JoseException(Reason.KEY_REJECTED, "the x5c certificate does not hold this key");
        }
        return jwk;
    }

    private static Jwk rsa(Map<String, Object> m, Set<String> ops, List<X509Certificate> chain) throws JoseException {
        BigInteger n = bigInt(m, "n", true);
        BigInteger e = bigInt(m, "e", true);
        if (n.signum() <= 0 || !n.testBit(0) || !e.testBit(0) || e.compareTo(BigInteger.valueOf(3)) < 0
                || e.compareTo(n) >= 0) {
            throw new JoseException(Reason.KEY_REJECTED, "RSA modulus must be odd and the exponent odd, at least 3 and"
                    + " below the modulus (RFC 8017 §3.1)");
        }
        if (RocaFingerprint.matches(n)) {
            throw new JoseException(Reason.KEY_REJECTED, "RSA modulus has the ROCA fingerprint (CVE-2017-15361):"
                    + " its private key can be computed; replace the key");
        }
        if (m.containsKey("oth")) {
            throw new JoseException(Reason.UNSUPPORTED, "multi-prime RSA keys (oth) are not supported");
        }
        try {
            KeyFactory kf = KeyFactory.getInstance("RSA");
            PublicKey pub = kf.generatePublic(new RSAPublicKeySpec(n, e));
            PrivateKey priv = null;
            if (m.containsKey("d")) {
                BigInteger d = bigInt(m, "d", true);
                String[] crt = {"p", "q", "dp", "dq", "qi"};
                int present = 0;
                for (String c : crt) {
                    present += m.containsKey(c) ? 1 : 0;
                }
                if (present == 5) {
                    BigInteger p = bigInt(m, "p", true);
                    BigInteger q = bigInt(m, "q", true);
                    if (!p.multiply(q).equals(n)) {
                        throw new JoseException(Reason.KEY_REJECTED, "RSA p·q does not equal n");
                    }
                    priv = kf.generatePrivate(new RSAPrivateCrtKeySpec(n, e, d, p, q,
                            bigInt(m, "dp", true), bigInt(m, "dq", true), bigInt(m, "qi", true)));
                } else if (present == 0) {
                    priv = kf.generatePrivate(new RSAPrivateKeySpec(n, d));
                } else {
                    throw new JoseException(Reason.MALFORMED, "RSA private key has some CRT members but not all"
                            + " (RFC 7518 §6.3.2)");
                }
            }
            return new Jwk(KeyType.RSA, null, m, pub, priv, null, chain, n.bitLength(), ops);
        } catch (GeneralSecurityException ex) {
            throw new JoseException(Reason.KEY_REJECTED, "invalid RSA key");
        }
    }

    private static Jwk ec(Map<String, Object> m, Set<String> ops, List<X509Certificate> chain) throws JoseException {
        Curve c = curve(m, KeyType.EC);
        int len = c.coordinateLength();
        BigInteger x = new BigInteger(1, fixedBytes(m, "x", len));
        BigInteger y = new BigInteger(1, fixedBytes(m, "y", len));
        ECPublicKey pub = Keys.ecPublic(c, x, y);
        PrivateKey priv = null;
        if (m.containsKey("d")) {
            byte[] d = fixedBytes(m, "d", len);
            priv = Keys.ecPrivate(c, new BigInteger(1, d));
            Arrays.fill(d, (byte) 0);
        }
        return new Jwk(KeyType.EC, c, m, pub, priv, null, chain, c.ecParameters().getOrder().bitLength(), ops);
    }

    private static Jwk okp(Map<String, Object> m, Set<String> ops, List<X509Certificate> chain) throws JoseException {
        Curve c = curve(m, KeyType.OKP);
        int len = c.coordinateLength();
        PublicKey pub = Keys.okpPublic(c, fixedBytes(m, "x", len));
        PrivateKey priv = null;
        if (m.containsKey("d")) {
            byte[] d = fixedBytes(m, "d", len);
            priv = Keys.okpPrivate(c, d);
            Arrays.fill(d, (byte) 0);
        }
        int bits = c == Curve.ED25519 || c == Curve.X25519 ? 256 : 448;
        return new Jwk(KeyType.OKP, c, m, pub, priv, null, chain, bits, ops);
    }

    private static Jwk oct(Map<String, Object> m, Set<String> ops) throws JoseException {
        byte[] k = bytes(m, "k", true);
        if (k.length == 0) {
            throw new JoseException(Reason.KEY_REJECTED, "symmetric key k is empty");
        }
        // Named after the JWK's HMAC algorithm when it has one: some JCA callers check the name.
        JwsAlgorithm hmac = JwsAlgorithm.fromIdentifier((String) m.get("alg"));
        SecretKey key = new SecretKeySpec(k, hmac != null && hmac.isSymmetric() ? hmac.jcaName() : "RAW");
        int bits = k.length * 8;
        Arrays.fill(k, (byte) 0);
        return new Jwk(KeyType.OCT, null, m, null, null, key, List.of(), bits, ops);
    }

    private static Jwk akp(Map<String, Object> m, Set<String> ops, String alg) throws JoseException {
        JwsAlgorithm a = JwsAlgorithm.fromIdentifier(alg);
        if (a == null || a.keyType() != KeyType.AKP) {
            throw new JoseException(alg == null ? Reason.MALFORMED : Reason.UNSUPPORTED,
                    "AKP key needs alg ML-DSA-44, ML-DSA-65 or ML-DSA-87, found "
                            + (alg == null ? "none" : "\"" + Untrusted.printable(alg) + "\""));
        }
        byte[] pubBytes = fixedBytes(m, "pub", MlDsa.publicKeyLength(a));
        PublicKey pub = Keys.publicFromSpki(a.jcaName(), Keys.spki(Keys.mlDsaOid(a), pubBytes), a.identifier());
        PrivateKey priv = null;
        if (m.containsKey("priv")) {
            byte[] seed = fixedBytes(m, "priv", 32);
            try {
                priv = mlDsaPrivate(a, seed, pub);
            } finally {
                Arrays.fill(seed, (byte) 0);
            }
        }
        return new Jwk(KeyType.AKP, null, m, pub, priv, null, List.of(), pubBytes.length * 8, ops);
    }

    /**
     * The ML-DSA private key for a seed. The JDK's generator derives it from the seed; providers
     * that read seed-form PKCS#8 (RFC 9881) get that instead, and a signature made with the result
     * must verify under {@code pub}, so a seed never pairs with someone else's public key.
     */
    private static PrivateKey mlDsaPrivate(JwsAlgorithm a, byte[] seed, PublicKey pub) throws JoseException {
        try {
            KeyPair derived = SeededKeyGen.fromSeed(a.jcaName(), seed);
            if (!Arrays.equals(derived.getPublic().getEncoded(), pub.getEncoded())) {
                throw new JoseException(Reason.KEY_REJECTED, "AKP priv does not belong to pub");
            }
            return derived.getPrivate();
        } catch (GeneralSecurityException notSeeded) {
            // fall through to seed-form PKCS#8
        }
        PrivateKey priv = Keys.privateFromPkcs8(a.jcaName(), Keys.pkcs8(Keys.mlDsaOid(a), Der.element(0x80, seed)),
                a.identifier());
        try {
            byte[] probe = "signet ML-DSA key pair check".getBytes(StandardCharsets.US_ASCII);
            byte[] sig = a.family().sign(a, priv, probe, 0, probe.length, null);
            if (!a.family().verify(a, pub, probe, 0, probe.length, sig, null)) {
                throw new JoseException(Reason.KEY_REJECTED, "AKP priv does not belong to pub");
            }
        } catch (GeneralSecurityException e) {
            throw new JoseException(Reason.UNSUPPORTED, "cannot use an " + a.identifier() + " private key here: "
                    + e.getMessage());
        }
        return priv;
    }

    // ---------------------------------------------------------------- from JCA keys, PEM, generation

    /** A public JWK for a JCA public key (RSA, EC, EdDSA, XDH, ML-DSA). */
    public static Jwk fromPublicKey(PublicKey key) throws JoseException {
        return fromMap(publicMembers(key));
    }

    /** A private JWK for a JCA key pair. */
    public static Jwk fromKeyPair(KeyPair pair) throws JoseException {
        Map<String, Object> m = publicMembers(pair.getPublic());
        PrivateKey p = pair.getPrivate();
        String kty = (String) m.get("kty");
        if ("RSA".equals(kty)) {
            RSAPrivateKey rsa = (RSAPrivateKey) p;
            m.put("d", b64(rsa.getPrivateExponent()));
            if (p instanceof RSAPrivateCrtKey) {
                RSAPrivateCrtKey crt = (RSAPrivateCrtKey) p;
                m.put("p", b64(crt.getPrimeP()));
                m.put("q", b64(crt.getPrimeQ()));
                m.put("dp", b64(crt.getPrimeExponentP()));
                m.put("dq", b64(crt.getPrimeExponentQ()));
                m.put("qi", b64(crt.getCrtCoefficient()));
            }
        } else if ("EC".equals(kty)) {
            Curve c = Curve.fromIdentifier((String) m.get("crv"));
            m.put("d", Base64Url.encode(Keys.fixed(((ECPrivateKey) p).getS(), c.coordinateLength())));
        } else if ("OKP".equals(kty)) {
            m.put("d", Base64Url.encode(Keys.okpRawPrivate(p.getEncoded())));
        } else {
            m.put("priv", Base64Url.encode(mlDsaSeed(p)));
        }
        return fromMap(m);
    }

    /** A symmetric ({@code oct}) JWK holding {@code secret}. */
    public static Jwk fromSecret(byte[] secret) throws JoseException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kty", "oct");
        m.put("k", Base64Url.encode(secret));
        return fromMap(m);
    }

    private static byte[] mlDsaSeed(PrivateKey p) throws JoseException {
        try {
            Der.Reader seq = new Der.Reader(p.getEncoded()).sequence();
            seq.integerBytes();
            seq.sequence();
            Der.Reader inner = new Der.Reader(seq.read(Der.OCTET_STRING));
            int tag = inner.peekTag();
            if (tag == 0x80) {
                return inner.read(0x80);
            }
            if (tag == Der.SEQUENCE) {
                return inner.sequence().read(Der.OCTET_STRING);
            }
        } catch (IllegalArgumentException | NullPointerException e) {
            // fall through
        }
        throw new JoseException(Reason.UNSUPPORTED, "the provider does not expose the ML-DSA seed, which an AKP"
                + " JWK needs");
    }

    private static Map<String, Object> publicMembers(PublicKey key) throws JoseException {
        Map<String, Object> m = new LinkedHashMap<>();
        if (key instanceof RSAPublicKey) {
            RSAPublicKey r = (RSAPublicKey) key;
            m.put("kty", "RSA");
            m.put("n", b64(r.getModulus()));
            m.put("e", b64(r.getPublicExponent()));
            return m;
        }
        if (key instanceof ECPublicKey) {
            ECPublicKey ec = (ECPublicKey) key;
            Curve c = Curve.fromEcParameters(ec.getParams());
            if (c == null) {
                throw new JoseException(Reason.UNSUPPORTED, "EC key on a curve JOSE does not define");
            }
            m.put("kty", "EC");
            m.put("crv", c.identifier());
            m.put("x", Base64Url.encode(Keys.fixed(ec.getW().getAffineX(), c.coordinateLength())));
            m.put("y", Base64Url.encode(Keys.fixed(ec.getW().getAffineY(), c.coordinateLength())));
            return m;
        }
        byte[] spki = key.getEncoded();
        if (spki == null) {
            throw new JoseException(Reason.UNSUPPORTED, "the key has no standard encoding");
        }
        String oid;
        try {
            oid = Keys.algorithmOf(spki, false)[0];
        } catch (IllegalArgumentException e) {
            throw new JoseException(Reason.MALFORMED, "unreadable public key encoding");
        }
        for (Curve c : Curve.values()) {
            if (c.keyType() == KeyType.OKP && Keys.okpOid(c).equals(oid)) {
                m.put("kty", "OKP");
                m.put("crv", c.identifier());
                m.put("x", Base64Url.encode(Keys.rawFromSpki(spki, oid)));
                return m;
            }
        }
        for (JwsAlgorithm a : List.of(JwsAlgorithm.ML_DSA_44, JwsAlgorithm.ML_DSA_65, JwsAlgorithm.ML_DSA_87)) {
            if (Keys.mlDsaOid(a).equals(oid)) {
                m.put("kty", "AKP");
                m.put("alg", a.identifier());
                m.put("pub", Base64Url.encode(Keys.rawFromSpki(spki, oid)));
                return m;
            }
        }
        throw new JoseException(Reason.UNSUPPORTED, "public key algorithm " + oid + " has no JWK form");
    }

    /**
     * Reads a PEM public key ({@code PUBLIC KEY}, SPKI), private key ({@code PRIVATE KEY}, PKCS#8;
     * for RSA, EC with its public point, and OKP the public half is derived) or certificate.
     */
    public static Jwk fromPem(String pem) throws JoseException {
        KeyPair pair = Pem.readKey(pem);
        return pair.getPrivate() == null ? fromPublicKey(pair.getPublic()) : fromKeyPair(pair);
    }

    /**
     * Generates a new private key for {@code alg}: HMAC keys as long as the hash, RSA 2048 bits,
     * the algorithm's curve for ECDSA, Ed25519 for EdDSA. The JWK carries {@code alg},
     * {@code use: "sig"} and {@code kid} = its RFC 7638 thumbprint.
     */
    public static Jwk generate(JwsAlgorithm alg) throws JoseException {
        if (!alg.isAvailable()) {
            throw new JoseException(Reason.UNSUPPORTED, alg.identifier() + " is not supported by this runtime");
        }
        Jwk key;
        try {
            switch (alg.keyType()) {
                case OCT: {
                    byte[] k = new byte[alg.minimumKeyBits() / 8];
                    new SecureRandom().nextBytes(k);
                    key = fromSecret(k);
                    Arrays.fill(k, (byte) 0);
                    break;
                }
                case RSA: {
                    KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
                    g.initialize(new RSAKeyGenParameterSpec(2048, RSAKeyGenParameterSpec.F4));
                    key = fromKeyPair(g.generateKeyPair());
                    break;
                }
                case EC:
                    key = generate(alg.curve());
                    break;
                case OKP:
                    key = generate(alg.curve() == null ? Curve.ED25519 : alg.curve());
                    break;
                default: {
                    byte[] seed = new byte[32];
                    new SecureRandom().nextBytes(seed);
                    try {
                        KeyPair kp = SeededKeyGen.fromSeed(alg.jcaName(), seed);
                        Map<String, Object> m = new LinkedHashMap<>();
                        m.put("kty", "AKP");
                        m.put("alg", alg.identifier());
                        m.put("pub", Base64Url.encode(Keys.rawFromSpki(kp.getPublic().getEncoded(),
                                Keys.mlDsaOid(alg))));
                        m.put("priv", Base64Url.encode(seed));
                        key = fromMap(m);
                    } catch (GeneralSecurityException notSeeded) {
                        // A provider that draws its own randomness: take the seed from its encoding.
                        key = fromKeyPair(KeyPairGenerator.getInstance(alg.jcaName()).generateKeyPair());
                    } finally {
                        Arrays.fill(seed, (byte) 0);
                    }
                    break;
                }
            }
        } catch (GeneralSecurityException e) {
            throw new JoseException(Reason.UNSUPPORTED, alg.identifier() + " key generation failed: " + e.getMessage());
        }
        Map<String, Object> m = new LinkedHashMap<>(key.members);
        m.put("alg", alg.identifier());
        m.put("use", "sig");
        Jwk withAlg = fromMap(m);
        return withAlg.withKeyId(withAlg.thumbprint());
    }

    /** Generates a key pair on {@code curve} (EC or OKP, including X25519/X448 for key agreement). */
    public static Jwk generate(Curve curve) throws JoseException {
        try {
            KeyPairGenerator g;
            if (curve.keyType() == KeyType.EC) {
                g = KeyPairGenerator.getInstance("EC");
                g.initialize(new ECGenParameterSpec(curve.jcaName()));
            } else {
                g = KeyPairGenerator.getInstance(curve.jcaName());
            }
            return fromKeyPair(g.generateKeyPair());
        } catch (GeneralSecurityException e) {
            throw new JoseException(Reason.UNSUPPORTED, "cannot generate a " + curve.identifier() + " key: "
                    + e.getMessage());
        }
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
        if (publicKey == null) {
            throw new IllegalStateException("a symmetric (oct) key has no PEM form");
        }
        return Pem.write("PUBLIC KEY", publicKey.getEncoded());
    }

    /** The private key as PEM ({@code PRIVATE KEY}, PKCS#8; for EC with its public point, as OpenSSL writes it). */
    public String toPrivatePem() {
        if (privateKey == null) {
            throw new IllegalStateException("this JWK holds no private key");
        }
        if (keyType == KeyType.EC) {
            byte[] d = decoded("d");
            try {
                return Pem.write("PRIVATE KEY", Pem.ecPkcs8(curve, d, decoded("x"), decoded("y")));
            } finally {
                Arrays.fill(d, (byte) 0);
            }
        }
        return Pem.write("PRIVATE KEY", privateKey.getEncoded());
    }

    /** A Base64URL member that was validated at parse time, decoded again. */
    private byte[] decoded(String name) {
        try {
            return Base64Url.decode((String) members.get(name));
        } catch (JoseException e) {
            throw new IllegalStateException("validated member " + name + " no longer decodes", e);
        }
    }

    /** RFC 7638 JWK thumbprint with SHA-256, Base64URL. */
    public String thumbprint() {
        return thumbprint("SHA-256");
    }

    /** RFC 7638 JWK thumbprint with the given JCA hash, Base64URL. */
    public String thumbprint(String hashAlgorithm) {
        Map<String, Object> required = new LinkedHashMap<>();
        // RFC 7638 §3.2: required members only, in lexicographic order, no whitespace.
        String[] names;
        switch (keyType) {
            case RSA:
                names = new String[] {"e", "kty", "n"};
                break;
            case EC:
                names = new String[] {"crv", "kty", "x", "y"};
                break;
            case OKP:
                names = new String[] {"crv", "kty", "x"};
                break;
            case OCT:
                names = new String[] {"k", "kty"};
                break;
            default:
                names = new String[] {"alg", "kty", "pub"};
                break;
        }
        for (String n : names) {
            required.put(n, members.get(n));
        }
        try {
            return Base64Url.encode(MessageDigest.getInstance(hashAlgorithm).digest(Json.write(required)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalArgumentException("unknown hash " + hashAlgorithm, e);
        }
    }

    /** RFC 9278 thumbprint URI: {@code urn:ietf:params:oauth:jwk-thumbprint:sha-256:…}. */
    public String thumbprintUri() {
        return "urn:ietf:params:oauth:jwk-thumbprint:sha-256:" + thumbprint();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Jwk && ((Jwk) o).members.equals(members);
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
            sb.append(", kid=").append(Untrusted.printable(keyId));
        }
        if (algorithm != null) {
            sb.append(", alg=").append(Untrusted.printable(algorithm));
        }
        return sb.append(isPrivate() ? ", private}" : ", public}").toString();
    }

    // ---------------------------------------------------------------- member helpers

    private static String requireString(Map<String, Object> m, String name) throws JoseException {
        String s = optionalString(m, name);
        if (s == null) {
            throw new JoseException(Reason.MALFORMED, "JWK member \"" + name + "\" is required");
        }
        return s;
    }

    private static String optionalString(Map<String, Object> m, String name) throws JoseException {
        Object v = m.get(name);
        if (v == null) {
            if (m.containsKey(name)) {
                throw new JoseException(Reason.MALFORMED, "JWK member \"" + name + "\" must be a string, found null");
            }
            return null;
        }
        if (!(v instanceof String)) {
            throw new JoseException(Reason.MALFORMED, "JWK member \"" + name + "\" must be a string");
        }
        return (String) v;
    }

    private static Set<String> keyOps(Map<String, Object> m) throws JoseException {
        if (!m.containsKey("key_ops")) {
            return null;
        }
        Object v = m.get("key_ops");
        if (!(v instanceof List)) {
            throw new JoseException(Reason.MALFORMED, "JWK member \"key_ops\" must be an array of strings");
        }
        Set<String> ops = new LinkedHashSet<>();
        for (Object o : (List<?>) v) {
            if (!(o instanceof String)) {
                throw new JoseException(Reason.MALFORMED, "JWK member \"key_ops\" must be an array of strings");
            }
            if (!ops.add((String) o)) {
                throw new JoseException(Reason.MALFORMED, "JWK key_ops lists \"" + Untrusted.printable((String) o)
                        + "\" twice (RFC 7517 §4.3)");
            }
        }
        return Collections.unmodifiableSet(ops);
    }

    private static List<X509Certificate> certificates(Map<String, Object> m) throws JoseException {
        if (!m.containsKey("x5c")) {
            return List.of();
        }
        Object v = m.get("x5c");
        if (!(v instanceof List) || ((List<?>) v).isEmpty()) {
            throw new JoseException(Reason.MALFORMED, "JWK member \"x5c\" must be a non-empty array of strings");
        }
        try {
            CertificateFactory cf = CertificateFactory.getInstance("X.509");
            List<X509Certificate> out = new ArrayList<>();
            for (Object o : (List<?>) v) {
                if (!(o instanceof String)) {
                    throw new JoseException(Reason.MALFORMED, "x5c entries must be strings");
                }
                // RFC 7517 §4.7: standard Base64 (not Base64URL) DER.
                byte[] der = Base64.getDecoder().decode((String) o);
                out.add((X509Certificate) cf.generateCertificate(new ByteArrayInputStream(der)));
            }
            return Collections.unmodifiableList(out);
        } catch (CertificateException | IllegalArgumentException e) {
            throw new JoseException(Reason.MALFORMED, "x5c holds an unreadable certificate");
        }
    }

    private static Curve curve(Map<String, Object> m, KeyType type) throws JoseException {
        String crv = requireString(m, "crv");
        Curve c = Curve.fromIdentifier(crv);
        if (c == null || c.keyType() != type) {
            throw new JoseException(Reason.UNSUPPORTED, "unsupported crv \"" + Untrusted.printable(crv) + "\" for kty "
                    + type.identifier());
        }
        return c;
    }

    private static byte[] bytes(Map<String, Object> m, String name, boolean required) throws JoseException {
        String s = optionalString(m, name);
        if (s == null) {
            if (required) {
                throw new JoseException(Reason.MALFORMED, "JWK member \"" + name + "\" is required");
            }
            return null;
        }
        try {
            return Base64Url.decode(s);
        } catch (JoseException e) {
            throw new JoseException(Reason.MALFORMED, "JWK member \"" + name + "\": " + e.detail());
        }
    }

    private static byte[] fixedBytes(Map<String, Object> m, String name, int length) throws JoseException {
        byte[] b = bytes(m, name, true);
        if (b.length != length) {
            throw new JoseException(Reason.KEY_REJECTED, "JWK member \"" + name + "\" must be " + length
                    + " bytes, found " + b.length);
        }
        return b;
    }

    private static BigInteger bigInt(Map<String, Object> m, String name, boolean required) throws JoseException {
        byte[] b = bytes(m, name, required);
        if (b.length == 0) {
            throw new JoseException(Reason.MALFORMED, "JWK member \"" + name + "\" is empty");
        }
        return new BigInteger(1, b);
    }

    private static String b64(BigInteger v) {
        return Base64Url.encode(Keys.unsigned(v));
    }

}
