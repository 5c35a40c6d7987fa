package dev.signet.jose.internal.keys;

import dev.signet.jose.Base64Url;
import dev.signet.jose.Jwk;
import dev.signet.jose.internal.json.Json;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The JWK thumbprint (RFC 7638): a hash of the key's required members, which names the key. */
public final class JwkThumbprint {

    private JwkThumbprint() {}

    /** The thumbprint of {@code key} with the JCA hash {@code hashAlgorithm}, Base64URL. */
    public static String of(Jwk key, String hashAlgorithm) {
        Map<String, Object> required = new LinkedHashMap<>();
        for (String n : requiredMembers(key)) {
            required.put(n, key.members().get(n));
        }
        try {
            return Base64Url.encode(MessageDigest.getInstance(hashAlgorithm).digest(Json.write(required)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalArgumentException("unknown hash " + hashAlgorithm, e);
        }
    }

    /** RFC 7638 §3.2: the required members only, in lexicographic order (written without whitespace). */
    private static List<String> requiredMembers(Jwk key) {
        return switch (key.keyType()) {
            case RSA -> List.of("e", "kty", "n");
            case EC -> List.of("crv", "kty", "x", "y");
            case OKP -> List.of("crv", "kty", "x");
            case OCT -> List.of("k", "kty");
            default -> List.of("alg", "kty", "pub");
        };
    }
}
