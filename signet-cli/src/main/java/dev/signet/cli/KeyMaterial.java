package dev.signet.cli;

import dev.signet.jose.Base64Url;
import dev.signet.jose.ContentEncryption;
import dev.signet.jose.JweAlgorithm;
import dev.signet.jose.JoseException;
import dev.signet.jose.Jwk;
import dev.signet.jose.JwkSet;
import dev.signet.jose.JwsAlgorithm;
import dev.signet.jose.KeyType;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads keys the way users hold them: a JWK, a JWK Set or a PEM key or certificate, from a file,
 * standard input, an environment variable or (for verification) a JWKS URL.
 */
final class KeyMaterial {

    /** Prefix of an environment value that holds a secret as Base64URL rather than as text. */
    static final String BASE64URL_PREFIX = "b64u:";

    private KeyMaterial() {
    }

    /** Keys parsed from one document: a single key, or the usable keys of a set with what was skipped. */
    record Parsed(List<Jwk> keys, List<String> skipped, boolean isSet) {}

    /** Parses a JWK, a JWK Set, or a PEM key or certificate; {@code source} names it in errors. */
    static Parsed parse(String text, String source) {
        String t = text.strip();
        try {
            if (t.startsWith("-----BEGIN")) {
                return new Parsed(List.of(Jwk.fromPem(t)), List.of(), false);
            }
            if (t.startsWith("{")) {
                Map<String, Object> doc = JsonText.parseObject(t);
                if (doc.containsKey("keys")) {
                    JwkSet set = JwkSet.parse(t);
                    return new Parsed(set.keys(), set.skipped(), true);
                }
                return new Parsed(List.of(Jwk.parse(t)), List.of(), false);
            }
        } catch (JsonText.InvalidJson e) {
            throw CommandFailure.usage("the key in " + source + " is not valid JSON: " + e.getMessage());
        } catch (JoseException e) {
            throw CommandFailure.usage("cannot use the key in " + source + ": " + e.getMessage(), e);
        }
        throw CommandFailure.usage(source + " holds neither a JWK, a JWK Set nor a PEM key"
                + " (expected '{' or '-----BEGIN')");
    }

    /**
     * A key from an environment variable: a JWK or JWK Set (JSON), a PEM key, a secret as Base64URL
     * after {@code b64u:}, or else a secret whose bytes are the value's UTF-8 text.
     */
    static Parsed fromEnvironment(String name, String value) {
        if (value == null || value.isEmpty()) {
            throw CommandFailure.usage("environment variable " + name + " is not set (or empty); export the key"
                    + " or secret in it first");
        }
        String source = "environment variable " + name;
        String t = value.strip();
        if (t.startsWith("{") || t.startsWith("-----BEGIN")) {
            return parse(t, source);
        }
        byte[] secret;
        if (value.startsWith(BASE64URL_PREFIX)) {
            try {
                secret = Base64Url.decode(value.substring(BASE64URL_PREFIX.length()).strip());
            } catch (JoseException e) {
                throw CommandFailure.usage(source + " starts with " + BASE64URL_PREFIX
                        + " but the rest is not Base64URL: " + e.detail());
            }
        } else {
            secret = value.getBytes(StandardCharsets.UTF_8);
        }
        try {
            return new Parsed(List.of(Jwk.fromSecret(secret)), List.of(), false);
        } catch (JoseException e) {
            throw CommandFailure.usage("cannot use the secret in " + source + ": " + e.getMessage(), e);
        } finally {
            java.util.Arrays.fill(secret, (byte) 0);
        }
    }

    /** A password (PBES2) as a secret: the bytes of its UTF-8 text. */
    static Parsed password(String text, String source) {
        if (text.isEmpty()) {
            throw CommandFailure.usage("the password in " + source + " is empty");
        }
        byte[] secret = text.getBytes(StandardCharsets.UTF_8);
        try {
            return new Parsed(List.of(Jwk.fromSecret(secret)), List.of(), false);
        } catch (JoseException e) {
            throw CommandFailure.usage("cannot use the password in " + source + ": " + e.getMessage(), e);
        } finally {
            java.util.Arrays.fill(secret, (byte) 0);
        }
    }

    /** The one private key to sign with; {@code kid} picks it from a set, or names a single key. */
    static Jwk signingKey(Parsed parsed, String source, String kid) {
        if (!parsed.isSet()) {
            Jwk key = parsed.keys().get(0);
            if (!key.isPrivate()) {
                throw CommandFailure.usage(source + " holds a public key; signing needs the private key"
                        + " (signet keygen --out writes one)");
            }
            return kid == null ? key : key.withKeyId(kid);
        }
        List<Jwk> candidates = new ArrayList<>();
        for (Jwk k : parsed.keys()) {
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
        throw CommandFailure.usage("the JWK Set in " + source + " has " + candidates.size()
                + " private keys; choose one with --kid");
    }

    /** The keys to verify with: public views of asymmetric keys, secrets as they are. */
    static List<Jwk> verificationKeys(Parsed parsed, String source) {
        if (parsed.keys().isEmpty()) {
            throw CommandFailure.usage("no usable key in " + source
                    + (parsed.skipped().isEmpty() ? "" : ": " + String.join("; ", parsed.skipped())));
        }
        List<Jwk> keys = new ArrayList<>();
        for (Jwk k : parsed.keys()) {
            keys.add(k.keyType() == KeyType.OCT || !k.isPrivate() ? k : k.toPublicJwk());
        }
        return keys;
    }
    /** Whether the JWK says it is for signatures: {@code use: sig}, or a JWS {@code alg}. */
    static boolean isSigningKey(Jwk k) {
        return "sig".equals(k.use()) || k.algorithm() != null && JwsAlgorithm.fromIdentifier(k.algorithm()) != null;
    }

    /** The JWE algorithm a JWK's {@code alg} names ({@code dir} for an {@code enc} value), or null. */
    static JweAlgorithm jweAlgorithmOf(Jwk k) {
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
    static Jwk encryptionKey(Parsed parsed, String source, String kid, JweAlgorithm alg) {
        if (parsed.keys().isEmpty()) {
            throw CommandFailure.usage("no usable key in " + source
                    + (parsed.skipped().isEmpty() ? "" : ": " + String.join("; ", parsed.skipped())));
        }
        if (!parsed.isSet()) {
            Jwk key = publicView(parsed.keys().get(0));
            if (isSigningKey(key)) {
                throw CommandFailure.usage("the key in " + source + " is a signing key (" + describeSigningKey(key)
                        + "); encrypt to the recipient's encryption key (signet keygen --alg ECDH-ES+A256KW"
                        + " or RSA-OAEP-256 makes one)");
            }
            return kid == null ? key : key.withKeyId(kid);
        }
        List<Jwk> candidates = new ArrayList<>();
        for (Jwk k : parsed.keys()) {
            if (kid != null && !kid.equals(k.keyId()) || isSigningKey(k)) {
                continue;
            }
            JweAlgorithm keyAlg = jweAlgorithmOf(k);
            boolean fits = alg == null ? keyAlg != null
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
        throw CommandFailure.usage("the JWK Set in " + source + " has " + candidates.size() + " encryption keys"
                + which + "; choose one with --kid");
    }

    private static Jwk publicView(Jwk k) {
        return k.keyType() == KeyType.OCT || !k.isPrivate() ? k : k.toPublicJwk();
    }

    /**
     * The keys that may decrypt: private keys and secrets that are not signing keys. Usage failure
     * when there are none, saying whether the file holds public keys or signing keys.
     */
    static List<Jwk> decryptionKeys(Parsed parsed, String source) {
        if (parsed.keys().isEmpty()) {
            throw CommandFailure.usage("no usable key in " + source
                    + (parsed.skipped().isEmpty() ? "" : ": " + String.join("; ", parsed.skipped())));
        }
        List<Jwk> keys = new ArrayList<>();
        Jwk signing = null;
        for (Jwk k : parsed.keys()) {
            if (k.keyType() != KeyType.OCT && !k.isPrivate()) {
                continue;
            }
            if (isSigningKey(k)) {
                signing = signing == null ? k : signing;
                continue;
            }
            keys.add(k);
        }
        if (!keys.isEmpty()) {
            return keys;
        }
        if (signing != null) {
            throw CommandFailure.usage("the key in " + source + " is a signing key (" + describeSigningKey(signing)
                    + "), which never decrypts; give the recipient's encryption key (signet keygen --alg"
                    + " ECDH-ES+A256KW or RSA-OAEP-256 makes one)");
        }
        throw CommandFailure.usage(source + " holds only public keys; decryption needs the recipient's private key");
    }
}
