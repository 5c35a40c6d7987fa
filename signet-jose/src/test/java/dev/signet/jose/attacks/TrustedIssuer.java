package dev.signet.jose.attacks;

import dev.signet.jose.JoseException;
import dev.signet.jose.Jwk;
import dev.signet.jose.JwsAlgorithm;
import dev.signet.jose.JwtClaims;
import dev.signet.jose.JwtSigner;
import dev.signet.jose.JwtVerifier;
import dev.signet.jose.KeySource;
import dev.signet.jose.KeyType;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import javax.crypto.spec.SecretKeySpec;

/**
 * The legitimate side of every attack: one issuer with an HMAC secret, an EC P-256 key and an
 * RSA 2048 key, a fixed clock, and the verifier an API would configure for it.
 */
final class TrustedIssuer {

    static final Instant NOW = Instant.parse("2030-01-01T00:00:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    static final String ISSUER = "https://issuer.example";
    static final String AUDIENCE = "https://api.example";

    /** 32 fixed bytes, so failures reproduce. */
    static final byte[] SECRET = sha256("signet attack tests: the issuer's HMAC secret");

    static final Jwk HMAC =
            unchecked(() -> Jwk.fromSecret(SECRET).withKeyId("hmac-1").withAlgorithm("HS256"));
    static final Jwk EC = unchecked(() -> Jwk.generate(JwsAlgorithm.ES256).withKeyId("ec-1"));
    static final Jwk RSA = unchecked(() -> Jwk.generate(JwsAlgorithm.RS256).withKeyId("rsa-1"));

    private TrustedIssuer() {}

    /**
     * The verifier an API configures for the issuer's published keys (EC and RSA public halves),
     * issuer, audience, fixed clock. The HMAC secret needs its own verifier: a key source mixing
     * secrets with public keys is refused.
     */
    static JwtVerifier.Builder verifier() {
        return verifier(EC, RSA);
    }

    /** The verifier for tokens MACed with the issuer's HMAC secret. */
    static JwtVerifier.Builder hmacVerifier() {
        return verifier(HMAC);
    }

    /** A verifier trusting exactly {@code keys} (asymmetric ones by their public half). */
    static JwtVerifier.Builder verifier(Jwk... keys) {
        List<Jwk> published = new ArrayList<>();
        for (Jwk k : keys) {
            published.add(k.keyType() == KeyType.OCT ? k : k.toPublicJwk());
        }
        return JwtVerifier.builder(KeySource.of(published.toArray(new Jwk[0])))
                .issuer(ISSUER)
                .audience(AUDIENCE)
                .clock(CLOCK);
    }

    /** Claims that pass every check at {@link #NOW}. */
    static JwtClaims.Builder claims() {
        return JwtClaims.builder()
                .issuer(ISSUER)
                .audience(AUDIENCE)
                .subject("alice")
                .issuedAt(NOW)
                .expiresAt(NOW.plusSeconds(300));
    }

    /** The same claims as JSON text, with {@code extraMembers} (already JSON) appended when not empty. */
    static String claimsJson(String extraMembers) {
        String base = "{\"iss\":\"" + ISSUER + "\",\"aud\":\"" + AUDIENCE + "\",\"sub\":\"alice\",\"iat\":"
                + NOW.getEpochSecond() + ",\"exp\":" + (NOW.getEpochSecond() + 300);
        return base + (extraMembers.isEmpty() ? "" : "," + extraMembers) + "}";
    }

    /** Valid claims JSON. */
    static String claimsJson() {
        return claimsJson("");
    }

    /**
     * A correctly signed HS256 token for {@code claims} with header {@code {"alg":"HS256","typ":"JWT","kid":"hmac-1"}}.
     */
    static String hs256(String claimsJson) {
        return Forge.hmac(
                JwsAlgorithm.HS256, SECRET, "{\"alg\":\"HS256\",\"typ\":\"JWT\",\"kid\":\"hmac-1\"}", claimsJson);
    }

    /** {@code signingInput . MAC}: any header and payload text, correctly MACed with the secret. */
    static String hmacSigned(String signingInput) {
        return Forge.signed(signingInput, JwsAlgorithm.HS256, new SecretKeySpec(SECRET, "HmacSHA256"));
    }

    /** A token signed by the library's own signer. */
    static String signed(Jwk key, JwtClaims claims) {
        return unchecked(() -> JwtSigner.builder(key).build().sign(claims));
    }

    static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A computation that may throw JoseException, for fixtures. */
    interface Fixture<T> {
        T make() throws JoseException;
    }

    static <T> T unchecked(Fixture<T> f) {
        try {
            return f.make();
        } catch (JoseException e) {
            throw new IllegalStateException(e);
        }
    }
}
