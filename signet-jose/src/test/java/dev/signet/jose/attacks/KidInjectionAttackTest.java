package dev.signet.jose.attacks;

import static dev.signet.jose.JoseException.Reason.KEY_NOT_FOUND;
import static dev.signet.jose.JoseException.Reason.KEY_REJECTED;
import static dev.signet.jose.JoseException.Reason.MALFORMED;
import static dev.signet.jose.attacks.Forge.rejects;
import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.jose.Jwk;
import dev.signet.jose.JwsAlgorithm;
import dev.signet.jose.JwtVerifier;
import dev.signet.jose.KeySource;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code kid} is attacker-controlled text. Verifiers that use it as a file path, an SQL fragment or
 * a log line have been broken through it. Here it is an opaque string compared for equality, and
 * it reaches messages only with control characters replaced and its length capped.
 */
class KidInjectionAttackTest {

    /** JSON-escaped kids: path traversal, SQL, NUL, CR/LF, JNDI, URL-encoded traversal, a lone surrogate. */
    private static final String[] HOSTILE = {
        "../../etc/passwd",
        "/dev/random",
        "' OR 1=1 --",
        "x\\u0000y",
        "\\r\\nX-Injected: 1",
        "${jndi:ldap://127.0.0.1/a}",
        "%2e%2e%2fkeys",
        "\\ud800",
        "\\u001b[31mred"
    };

    private static String tokenWithKid(String jsonEscapedKid) {
        return Forge.hmac(
                JwsAlgorithm.HS256,
                TrustedIssuer.SECRET,
                "{\"alg\":\"HS256\",\"kid\":\"" + jsonEscapedKid + "\"}",
                TrustedIssuer.claimsJson());
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "../../etc/passwd",
                "/dev/random",
                "' OR 1=1 --",
                "x\\u0000y",
                "\\r\\nX-Injected: 1",
                "${jndi:ldap://127.0.0.1/a}",
                "%2e%2e%2fkeys",
                "\\ud800",
                "\\u001b[31mred"
            })
    void rejectsHostileKidAsAnUnknownKey(String jsonEscapedKid) {
        // Forge.rejects also asserts the message is free of control characters.
        String detail = rejects(
                        KEY_NOT_FOUND,
                        () -> TrustedIssuer.hmacVerifier().build().verify(tokenWithKid(jsonEscapedKid)))
                .detail();
        assertThat(detail).startsWith("no key with kid");
    }

    @Test
    void passesKidToTheKeySourceUnchanged() throws Exception {
        List<String> seen = new ArrayList<>();
        KeySource recording = header -> {
            seen.add(header.keyId());
            return List.of(TrustedIssuer.HMAC);
        };
        JwtVerifier v = JwtVerifier.builder(recording)
                .issuer(TrustedIssuer.ISSUER)
                .audience(TrustedIssuer.AUDIENCE)
                .clock(TrustedIssuer.CLOCK)
                .build();
        for (String kid : HOSTILE) {
            Forge.rejection(() -> v.verify(tokenWithKid(kid)));
        }
        assertThat(seen)
                .containsExactly(
                        "../../etc/passwd",
                        "/dev/random",
                        "' OR 1=1 --",
                        "x\u0000y",
                        "\r\nX-Injected: 1",
                        "${jndi:ldap://127.0.0.1/a}",
                        "%2e%2e%2fkeys",
                        "\ud800",
                        "\u001b[31mred");
    }

    @Test
    void matchesKidByExactEqualityOnly() throws Exception {
        Jwk pathNamed = Jwk.fromSecret(TrustedIssuer.SECRET).withKeyId("../../etc/passwd");
        JwtVerifier v = TrustedIssuer.verifier(pathNamed).build();
        assertThat(v.verify(tokenWithKid("../../etc/passwd")).key().keyId()).isEqualTo("../../etc/passwd");
        for (String near : List.of(
                "../../etc/passwd ",
                "..\\/..\\/etc\\/passwd",
                "../../ETC/passwd",
                "../../etc/passwd\\u0000",
                "..%2f..%2fetc%2fpasswd",
                "/etc/passwd")) {
            String escapedForJson = near;
            if (near.equals("..\\/..\\/etc\\/passwd")) {
                // JSON's "\/" is "/": the same string, so it matches. Everything else is a different kid.
                assertThat(v.verify(tokenWithKid(escapedForJson)).key().keyId()).isEqualTo("../../etc/passwd");
                continue;
            }
            rejects(KEY_NOT_FOUND, () -> v.verify(tokenWithKid(escapedForJson)));
        }
    }

    @Test
    void rejectsKeySetWhereTwoFittingKeysShareTheKid() throws Exception {
        // With two candidates under one kid the verifier cannot say who signed (RFC 7517 §4.5).
        Jwk other = Jwk.generate(JwsAlgorithm.ES256).withKeyId("ec-1");
        JwtVerifier ambiguous = TrustedIssuer.verifier(TrustedIssuer.EC, other).build();
        String token =
                TrustedIssuer.signed(TrustedIssuer.EC, TrustedIssuer.claims().build());
        rejects(KEY_REJECTED, () -> ambiguous.verify(token));
    }

    @Test
    void capsTheLengthOfAHugeKidInTheMessage() {
        String kid = "k".repeat(10_000);
        String message = rejects(
                        KEY_NOT_FOUND,
                        () -> TrustedIssuer.hmacVerifier().build().verify(tokenWithKid(kid)))
                .getMessage();
        assertThat(message.length()).isLessThan(200);
        assertThat(message).doesNotContain("k".repeat(100));
    }

    @Test
    void rejectsNonStringKid() {
        for (String kid : List.of("1", "null", "[\"hmac-1\"]", "{\"$ne\":\"\"}")) {
            String token = Forge.hmac(
                    JwsAlgorithm.HS256,
                    TrustedIssuer.SECRET,
                    "{\"alg\":\"HS256\",\"kid\":" + kid + "}",
                    TrustedIssuer.claimsJson());
            rejects(MALFORMED, () -> TrustedIssuer.hmacVerifier().build().verify(token));
        }
    }
}
