package dev.signet.server.oauth;

import dev.signet.jose.Base64Url;
import dev.signet.jose.JwsAlgorithm;
import dev.signet.jose.JwtClaims;
import dev.signet.server.keys.SigningKeyRing;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * OpenID Connect ID tokens (Core §2, §3.1.3.6): {@code iss}, {@code sub}, {@code aud} (the client),
 * {@code exp}, {@code iat}, {@code auth_time}, {@code nonce} (when the request had one), {@code acr},
 * {@code amr}, {@code sid}, {@code azp} and {@code at_hash}, header {@code typ: JWT}, signed with
 * the tenant's active key. They live as long as the tenant's access tokens.
 */
public final class IdTokens {

    /** Who signed in, how and when, for one ID token. */
    public record Subject(String userId, String sid, Instant authTime, String acr, List<String> amr, String nonce) {
        public Subject {
            amr = List.copyOf(amr);
        }
    }

    private final SigningKeyRing keys;
    private final Issuers issuers;
    private final Clock clock;

    public IdTokens(SigningKeyRing keys, Issuers issuers, Clock clock) {
        this.keys = keys;
        this.issuers = issuers;
        this.clock = clock;
    }

    /** An ID token for {@code s} signed in to {@code clientId}, issued beside {@code accessToken}. */
    public String mint(String tenant, String clientId, Subject s, String accessToken, Duration lifetime) {
        Instant now = clock.instant();
        return keys.signIdToken(tenant, alg -> {
            JwtClaims.Builder c = JwtClaims.builder()
                    .issuer(issuers.issuer(tenant))
                    .subject(s.userId())
                    .audience(clientId)
                    .issuedAt(now)
                    .expiresAt(now.plus(lifetime))
                    .claim("auth_time", s.authTime().getEpochSecond());
            if (s.nonce() != null) {
                c.claim("nonce", s.nonce());
            }
            c.claim("acr", s.acr())
                    .claim("amr", s.amr())
                    .claim("sid", s.sid())
                    .claim("azp", clientId)
                    .claim("at_hash", atHash(accessToken, alg));
            return c.build();
        });
    }

    /**
     * Core §3.1.3.6: the left half of the hash of the access token's ASCII, Base64URL; the hash is
     * the one of the signing algorithm (SHA-256 for RS256, PS256, ES256; SHA-512 for EdDSA with
     * Ed25519, as OpenID Connect implementations agree; SHA-256 for ML-DSA, which names no hash).
     */
    public static String atHash(String accessToken, JwsAlgorithm alg) {
        String hash = switch (alg) {
            case RS384, PS384, ES384 -> "SHA-384";
            case RS512, PS512, ES512, EDDSA -> "SHA-512";
            default -> "SHA-256";
        };
        try {
            byte[] d = MessageDigest.getInstance(hash).digest(accessToken.getBytes(StandardCharsets.US_ASCII));
            return Base64Url.encode(Arrays.copyOf(d, d.length / 2));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(hash + " is required of every Java runtime", e);
        }
    }
}
