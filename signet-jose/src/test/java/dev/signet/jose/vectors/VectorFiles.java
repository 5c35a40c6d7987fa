package dev.signet.jose.vectors;

import dev.signet.jose.JoseException;
import dev.signet.jose.internal.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/** Reads the files under {@code src/test/resources/vectors/} (see its README for their sources). */
final class VectorFiles {

    private VectorFiles() {}

    /** The bytes of {@code vectors/<path>}, gunzipped when the name ends in {@code .gz}. */
    static byte[] bytes(String path) {
        String resource = "/vectors/" + path;
        try (InputStream raw = VectorFiles.class.getResourceAsStream(resource)) {
            if (raw == null) {
                throw new IllegalArgumentException("no test resource " + resource);
            }
            try (InputStream in = path.endsWith(".gz") ? new GZIPInputStream(raw) : raw) {
                return in.readAllBytes();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(resource, e);
        }
    }

    /** The file as UTF-8 text. */
    static String text(String path) {
        return new String(bytes(path), StandardCharsets.UTF_8);
    }

    /** The file as a JSON object (Signet's strict parser: duplicate members would fail loudly). */
    static Map<String, Object> json(String path) {
        byte[] b = bytes(path);
        try {
            return Json.parseObject(b, 0, b.length, 32);
        } catch (JoseException e) {
            throw new IllegalStateException(path + ": " + e.getMessage(), e);
        }
    }

    /** A member that must be a JSON object. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> object(Map<String, Object> json, String name) {
        return (Map<String, Object>) require(json, name);
    }

    /** A member that must be a JSON array. */
    @SuppressWarnings("unchecked")
    static List<Object> array(Map<String, Object> json, String name) {
        return (List<Object>) require(json, name);
    }

    /** A member that must be a string. */
    static String string(Map<String, Object> json, String name) {
        return (String) require(json, name);
    }

    private static Object require(Map<String, Object> json, String name) {
        Object v = json.get(name);
        if (v == null) {
            throw new IllegalArgumentException("vector member \"" + name + "\" is missing");
        }
        return v;
    }

    static byte[] hex(String hex) {
        return HexFormat.of().parseHex(hex);
    }

    /** A {@code PUBLIC KEY} PEM of a hex SubjectPublicKeyInfo. */
    static String publicKeyPem(String spkiHex) {
        return "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder().encodeToString(hex(spkiHex))
                + "\n-----END PUBLIC KEY-----\n";
    }
}
