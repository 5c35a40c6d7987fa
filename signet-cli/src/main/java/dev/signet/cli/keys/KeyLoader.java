package dev.signet.cli.keys;

import dev.signet.cli.io.CommandContext;
import dev.signet.cli.io.CommandFailure;
import dev.signet.cli.io.JsonText;
import dev.signet.jose.Base64Url;
import dev.signet.jose.JoseException;
import dev.signet.jose.Jwk;
import dev.signet.jose.JwkSet;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;

/**
 * Reads a key the way users hold it — a JWK, a JWK Set or a PEM key or certificate, from a file,
 * standard input, an environment variable or (for verification) a JWKS URL — into
 * {@link KeyMaterial}. A command reads each of its key options once, through one of the three
 * entry points, and picks its keys from the result.
 */
public final class KeyLoader {

    /** Prefix of an environment value that holds a secret as Base64URL rather than as text. */
    static final String BASE64URL_PREFIX = "b64u:";

    private final CommandContext context;

    public KeyLoader(CommandContext context) {
        this.context = context;
    }

    /** The key at {@code where}: a file, standard input or an environment variable; a URL is refused. */
    public KeyMaterial load(KeyOptions where) {
        if (where.env != null) {
            return fromEnvironment(where.env, context.env(where.env));
        }
        if (JwksFetcher.isUrl(where.file)) {
            throw CommandFailure.usage("--key must be a file here, not a URL");
        }
        return parse(context.inputs().document(where.file, "key"), where.source());
    }

    /** As {@link #load}, and a JWKS URL is fetched. */
    public KeyMaterial loadOrFetch(KeyOptions where) {
        if (where.env == null && JwksFetcher.isUrl(where.file)) {
            return parse(JwksFetcher.fetch(where.file), where.file);
        }
        return load(where);
    }

    /**
     * As {@link #load}, for PBES2: a file that holds neither a JWK nor a PEM key is a password, its
     * UTF-8 text without a final line break.
     */
    public KeyMaterial loadKeyOrPassword(KeyOptions where) {
        if (where.env != null || JwksFetcher.isUrl(where.file)) {
            return load(where);
        }
        String text = context.inputs().document(where.file, "key");
        String t = text.strip();
        if (t.startsWith("{") || t.startsWith("-----BEGIN")) {
            return parse(text, where.source());
        }
        String password = text.endsWith("\r\n")
                ? text.substring(0, text.length() - 2)
                : text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
        return password(password, where.source());
    }

    /** Parses a JWK, a JWK Set, or a PEM key or certificate; {@code source} names it in errors. */
    public static KeyMaterial parse(String text, String source) {
        String t = text.strip();
        try {
            if (t.startsWith("-----BEGIN")) {
                return KeyMaterial.single(Jwk.fromPem(t), source);
            }
            if (t.startsWith("{")) {
                Map<String, Object> doc = JsonText.parseObject(t);
                if (doc.containsKey("keys")) {
                    JwkSet set = JwkSet.parse(t);
                    return new KeyMaterial(set.keys(), set.skipped(), true, source);
                }
                return KeyMaterial.single(Jwk.parse(t), source);
            }
        } catch (JsonText.InvalidJson e) {
            throw CommandFailure.usage("the key in " + source + " is not valid JSON: " + e.getMessage());
        } catch (JoseException e) {
            throw CommandFailure.usage("cannot use the key in " + source + ": " + e.getMessage(), e);
        }
        throw CommandFailure.usage(
                source + " holds neither a JWK, a JWK Set nor a PEM key" + " (expected '{' or '-----BEGIN')");
    }

    /**
     * A key from an environment variable: a JWK or JWK Set (JSON), a PEM key, a secret as Base64URL
     * after {@code b64u:}, or else a secret whose bytes are the value's UTF-8 text.
     */
    private static KeyMaterial fromEnvironment(String name, String value) {
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
                secret = Base64Url.decode(
                        value.substring(BASE64URL_PREFIX.length()).strip());
            } catch (JoseException e) {
                throw CommandFailure.usage(
                        source + " starts with " + BASE64URL_PREFIX + " but the rest is not Base64URL: " + e.detail());
            }
        } else {
            secret = value.getBytes(StandardCharsets.UTF_8);
        }
        try {
            return KeyMaterial.single(Jwk.fromSecret(secret), source);
        } catch (JoseException e) {
            throw CommandFailure.usage("cannot use the secret in " + source + ": " + e.getMessage(), e);
        } finally {
            Arrays.fill(secret, (byte) 0);
        }
    }

    /** A password (PBES2) as a secret: the bytes of its UTF-8 text. */
    private static KeyMaterial password(String text, String source) {
        if (text.isEmpty()) {
            throw CommandFailure.usage("the password in " + source + " is empty");
        }
        byte[] secret = text.getBytes(StandardCharsets.UTF_8);
        try {
            return KeyMaterial.single(Jwk.fromSecret(secret), source);
        } catch (JoseException e) {
            throw CommandFailure.usage("cannot use the password in " + source + ": " + e.getMessage(), e);
        } finally {
            Arrays.fill(secret, (byte) 0);
        }
    }
}
