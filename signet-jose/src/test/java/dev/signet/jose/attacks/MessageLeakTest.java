package dev.signet.jose.attacks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.jose.JoseException;
import dev.signet.jose.Jwk;
import dev.signet.jose.JwkSet;
import dev.signet.jose.JwsAlgorithm;
import dev.signet.jose.JwtVerifier;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Rejection messages end up in logs and HTTP responses. They must never carry the token (a
 * replayable bearer credential) nor key material. Checked on a sample covering every check.
 */
class MessageLeakTest {

    private static final String VALID = TrustedIssuer.hs256(TrustedIssuer.claimsJson());

    /** The token with one claim changed and re-signed. */
    private static String with(String extra) {
        return TrustedIssuer.hs256(TrustedIssuer.claimsJson(extra));
    }

    private static Map<String, String> rejectedTokens() {
        String sig = Forge.part(VALID, 2);
        Map<String, String> t = new LinkedHashMap<>();
        t.put("bad signature", Forge.withPart(VALID, 2, (sig.charAt(0) == 'A' ? "B" : "A") + sig.substring(1)));
        t.put("non-canonical signature", VALID + "=");
        t.put(
                "signature with a bad character",
                Forge.withPart(VALID, 2, sig.substring(0, 10) + "*" + sig.substring(11)));
        t.put("alg none", Forge.withPart(VALID, 0, Forge.b64("{\"alg\":\"none\"}")));
        t.put(
                "unknown kid",
                Forge.hmac(
                        JwsAlgorithm.HS256,
                        TrustedIssuer.SECRET,
                        "{\"alg\":\"HS256\",\"kid\":\"unknown\"}",
                        TrustedIssuer.claimsJson()));
        t.put(
                "expired",
                TrustedIssuer.hs256(TrustedIssuer.claimsJson()
                        .replace(String.valueOf(TrustedIssuer.NOW.getEpochSecond() + 300), "1")));
        t.put(
                "wrong audience",
                TrustedIssuer.hs256(
                        TrustedIssuer.claimsJson().replace(TrustedIssuer.AUDIENCE, "https://other.example")));
        t.put(
                "wrong issuer",
                TrustedIssuer.hs256(TrustedIssuer.claimsJson().replace(TrustedIssuer.ISSUER, "https://other.example")));
        t.put("malformed claim", with("\"nbf\":\"" + sig + "\""));
        t.put("duplicate claim", with("\"sub\":\"" + sig + "\""));
        t.put("too large", VALID + "A".repeat(20_000));
        t.put("four parts", VALID + "." + sig);
        t.put("bad JSON in payload", Forge.withPart(VALID, 1, Forge.b64("{\"sub\":\"" + sig + "\"")));
        return t;
    }

    private static void assertNoSecrets(String scenario, Executable call, String token) {
        JoseException e = Forge.rejection(call);
        String m = e.getMessage();
        assertThat(m).as(scenario).doesNotContain(token);
        assertThat(m).as(scenario).doesNotContain(Forge.part(VALID, 2));
        assertThat(m).as(scenario).doesNotContain(Forge.part(VALID, 2).substring(0, 16));
        assertThat(m).as(scenario).doesNotContain(Forge.b64(TrustedIssuer.SECRET));
        assertThat(m).as(scenario).doesNotContain(Base64.getEncoder().encodeToString(TrustedIssuer.SECRET));
        assertThat(m)
                .as(scenario)
                .doesNotContain(Forge.b64(TrustedIssuer.SECRET).substring(0, 12));
        if (token.split("\\.", -1).length > 2) {
            String tokenSig = token.split("\\.", -1)[2];
            if (tokenSig.length() >= 16) {
                assertThat(m).as(scenario).doesNotContain(tokenSig.substring(0, 16));
            }
        }
    }

    @Test
    void rejectionMessagesNeverContainTheTokenOrItsSignature() {
        JwtVerifier v =
                TrustedIssuer.hmacVerifier().maxTokenAge(Duration.ofHours(1)).build();
        for (Map.Entry<String, String> e : rejectedTokens().entrySet()) {
            assertNoSecrets(e.getKey(), () -> v.verify(e.getValue()), e.getValue());
        }
    }

    @Test
    void keyRejectionMessagesNeverContainKeyMaterial() {
        String k = Forge.b64(TrustedIssuer.SECRET);
        Map<String, Executable> calls = new LinkedHashMap<>();
        calls.put("key material unquoted (a typo in a key file)", () -> Jwk.parse("{\"kty\":\"oct\",\"k\":" + k + "}"));
        calls.put(
                "key material unquoted in a JWK Set",
                () -> JwkSet.parse("{\"keys\":[{\"kty\":\"oct\",\"k\":" + k + "}]}"));
        calls.put(
                "unquoted key material in a token header",
                () -> TrustedIssuer.hmacVerifier()
                        .build()
                        .verify(Forge.withPart(
                                VALID, 0, Forge.b64("{\"alg\":\"HS256\",\"jwk\":{\"kty\":\"oct\",\"k\":" + k + "}}"))));
        calls.put("oct key with a bad character", () -> Jwk.parse("{\"kty\":\"oct\",\"k\":\"" + k + "*\"}"));
        calls.put("oct key non-canonical", () -> Jwk.parse("{\"kty\":\"oct\",\"k\":\"" + k + "=\"}"));
        calls.put(
                "EC private scalar out of range",
                () -> Jwk.parse(TrustedIssuer.EC
                        .toJson()
                        .replace((String) TrustedIssuer.EC.members().get("d"), Forge.b64(new byte[32]))));
        for (Map.Entry<String, Executable> e : calls.entrySet()) {
            JoseException rejected = Forge.rejection(e.getValue());
            assertThat(rejected.getMessage())
                    .as(e.getKey())
                    .doesNotContain(k.substring(0, 12))
                    .doesNotContain((String) TrustedIssuer.EC.members().get("d"));
        }
    }

    @Test
    void skippedKeysInAJwkSetAreReportedWithoutTheirMaterial() throws Exception {
        String d = (String) TrustedIssuer.EC.members().get("d");
        String k = Forge.b64(TrustedIssuer.SECRET);
        String set = "{\"keys\":[{\"kty\":\"oct\",\"k\":\"" + k + "=\"},"
                + TrustedIssuer.EC
                        .toJson()
                        .replace((String) TrustedIssuer.EC.members().get("x"), Forge.b64(new byte[32]))
                + "]}";
        JwkSet parsed = JwkSet.parse(set);
        assertThat(parsed.skipped()).hasSize(2);
        assertThat(String.join("\n", parsed.skipped()))
                .doesNotContain(k.substring(0, 12))
                .doesNotContain(d);
        assertThat(parsed.toString()).doesNotContain(d);
        assertThat(TrustedIssuer.EC.toString()).doesNotContain(d);
        assertThat(TrustedIssuer.HMAC.toString()).doesNotContain(k);
    }
}
