package dev.signet.cli.token;

import static dev.signet.cli.Cli.signet;
import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.cli.Cli;
import dev.signet.cli.io.JsonText;
import dev.signet.jose.Base64Url;
import dev.signet.jose.Jwk;
import dev.signet.jose.JwsAlgorithm;
import dev.signet.jose.JwtClaims;
import dev.signet.jose.JwtSigner;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InspectCommandTest {

    // One "now" for every token the tests make, so times relative to it agree across a test class.
    @SuppressWarnings("TimeInStaticInitializer")
    static final long NOW = Instant.now().getEpochSecond();

    /** A token with this header and these claims; the signature part is not checked by inspect. */
    static String token(String header, String claims) {
        return Base64Url.encode(header) + "." + Base64Url.encode(claims) + ".c2lnbmF0dXJl";
    }

    /** Claims that raise no warning, with {@code extra} members appended. */
    static String clean(String extra) {
        return "{\"iss\":\"https://auth.example.com\",\"sub\":\"u1\",\"aud\":\"api\",\"iat\":" + NOW + ",\"exp\":"
                + (NOW + 300) + extra + "}";
    }

    static final String ES256 = "{\"alg\":\"ES256\",\"kid\":\"k1\",\"typ\":\"JWT\"}";

    static List<String> codes(String token) throws Exception {
        Cli.Run run = signet("inspect", "--json", token);
        assertThat(run.exitCode()).as(run.err()).isZero();
        List<String> codes = new ArrayList<>();
        for (Object w : (List<?>) JsonText.parseObject(run.out()).get("warnings")) {
            codes.add((String) ((Map<?, ?>) w).get("code"));
        }
        return codes;
    }

    @Test
    void aCleanTokenHasNoWarnings() throws Exception {
        assertThat(codes(token(ES256, clean("")))).isEmpty();
        Cli.Run run = signet("inspect", token(ES256, clean("")));
        assertThat(run.out()).contains("No warnings.");
    }

    @Test
    void humanOutputShowsHeaderClaimsTimesAndSize() {
        String t = token(ES256, clean(""));
        Cli.Run run = signet("inspect", t);

        assertThat(run.exitCode()).isZero();
        assertThat(run.out())
                .contains("JWS (signed), " + t.length() + " bytes")
                .contains("\"alg\": \"ES256\"")
                .contains("\"sub\": \"u1\"")
                .containsPattern("exp +" + Instant.ofEpochSecond(NOW + 300) + " +expires in (5m|4m\\d+s)")
                .containsPattern("iat +" + Instant.ofEpochSecond(NOW) + " +issued (0s|\\d+s) ago");
        assertThat(run.out()).doesNotContain("\u001b[");
    }

    @Test
    void relativeTimesInThePast() throws Exception {
        String t = token(
                ES256,
                "{\"iss\":\"i\",\"aud\":\"a\",\"iat\":" + (NOW - 4 * 3600) + ",\"exp\":" + (NOW - 3 * 3600) + "}");
        Map<String, Object> doc =
                JsonText.parseObject(signet("inspect", "--json", t).out());
        Map<?, ?> exp = (Map<?, ?>) ((Map<?, ?>) doc.get("times")).get("exp");
        assertThat(exp.get("relative")).asString().matches("expired 3h(\\d+s)? ago");
        assertThat(exp.get("utc"))
                .isEqualTo(Instant.ofEpochSecond(NOW - 3 * 3600).toString());
        assertThat(codes(t)).contains("EXPIRED");
    }

    @Test
    void algNone() throws Exception {
        assertThat(codes(token("{\"alg\":\"none\"}", clean("")))).contains("ALG_NONE");
    }

    @Test
    void algUnknown() throws Exception {
        assertThat(codes(token("{\"alg\":\"HS1024\",\"kid\":\"k\"}", clean(""))))
                .containsExactly("ALG_UNKNOWN");
        assertThat(codes(token("{\"kid\":\"k\"}", clean("")))).containsExactly("ALG_UNKNOWN");
    }

    @Test
    void hmacWithAnIssuerUrl() throws Exception {
        assertThat(codes(token("{\"alg\":\"HS256\",\"kid\":\"k\"}", clean(""))))
                .containsExactly("HMAC_WITH_URL_ISSUER");
        assertThat(codes(token(
                        "{\"alg\":\"HS256\",\"kid\":\"k\"}",
                        "{\"iss\":\"internal\",\"aud\":\"a\",\"exp\":" + (NOW + 60) + "}")))
                .isEmpty();
    }

    @Test
    void noExpiry() throws Exception {
        assertThat(codes(token(ES256, "{\"iss\":\"i\",\"aud\":\"a\"}"))).containsExactly("NO_EXPIRY");
    }

    @Test
    void longLivedAccessTokenByTypOrScope() throws Exception {
        String day = "{\"iss\":\"i\",\"aud\":\"a\",\"iat\":" + NOW + ",\"exp\":" + (NOW + 86_400);
        assertThat(codes(token("{\"alg\":\"ES256\",\"kid\":\"k\",\"typ\":\"at+jwt\"}", day + "}")))
                .containsExactly("LONG_LIVED_ACCESS_TOKEN");
        assertThat(codes(token(ES256, day + ",\"scope\":\"read\"}"))).containsExactly("LONG_LIVED_ACCESS_TOKEN");
        // An ID token may live a day: no scope, no at+jwt.
        assertThat(codes(token(ES256, day + "}"))).isEmpty();
        // An access token of one hour is fine.
        assertThat(codes(token(
                        ES256,
                        "{\"iss\":\"i\",\"aud\":\"a\",\"iat\":" + NOW + ",\"exp\":" + (NOW + 3600)
                                + ",\"scope\":\"read\"}")))
                .isEmpty();
        Cli.Run run = signet("inspect", token(ES256, day + ",\"scope\":\"read\"}"));
        assertThat(run.out()).contains("lives 1d");
    }

    @Test
    void noAudienceAndNoIssuer() throws Exception {
        assertThat(codes(token(ES256, "{\"exp\":" + (NOW + 60) + "}"))).containsExactly("NO_AUDIENCE", "NO_ISSUER");
    }

    @Test
    void personalDataByClaimNameAndByPattern() throws Exception {
        Cli.Run run = signet(
                "inspect",
                token(
                        ES256,
                        clean(",\"email\":\"a@example.com\",\"birthdate\":\"1990-01-01\","
                                + "\"family_name\":\"Doe\",\"custom\":{\"ssn\":\"078-05-1120\"},\"contact"
                                + "\":\"bob@example.org\"")));
        assertThat(run.out())
                .contains("PERSONAL_DATA")
                .contains("birthdate")
                .contains("email")
                .contains("family_name")
                .contains("custom (national-ID-like number)")
                .contains("contact (e-mail address)");
        assertThat(codes(token(ES256, clean(",\"phone_number\":\"+1 555\"")))).containsExactly("PERSONAL_DATA");
        assertThat(codes(token(ES256, clean(",\"address\":{\"country\":\"NL\"}"))))
                .containsExactly("PERSONAL_DATA");
        assertThat(codes(token(ES256, clean(",\"name\":\"Ann\"")))).containsExactly("PERSONAL_DATA");
        assertThat(codes(token(ES256, clean(",\"given_name\":\"Ann\"")))).containsExactly("PERSONAL_DATA");
        // Dates and version-like strings are not SSNs.
        assertThat(codes(token(ES256, clean(",\"v\":\"2024-01-15\",\"n\":\"1234-56-7890\""))))
                .isEmpty();
    }

    @Test
    void keyHeadersThatLetTheTokenPickItsKey() throws Exception {
        assertThat(codes(token("{\"alg\":\"RS256\",\"kid\":\"k\",\"jku\":\"https://evil/jwks\"}", clean(""))))
                .containsExactly("JKU_HEADER");
        assertThat(codes(token("{\"alg\":\"RS256\",\"kid\":\"k\",\"x5u\":\"https://evil/cert\"}", clean(""))))
                .containsExactly("X5U_HEADER");
        assertThat(codes(token("{\"alg\":\"ES256\",\"kid\":\"k\",\"jwk\":{\"kty\":\"EC\"}}", clean(""))))
                .containsExactly("JWK_HEADER");
    }

    @Test
    void noKid() throws Exception {
        Cli.Run run = signet("inspect", token("{\"alg\":\"ES256\"}", clean("")));
        assertThat(run.out()).contains("NO_KID").contains("several keys");
    }

    @Test
    void withTheIssuersJwksNoKidSaysWhetherItMattersAndAnUnknownKidIsFlagged(
            @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path two = dir.resolve("two.json");
        java.nio.file.Files.writeString(
                two, "{\"keys\":[{\"kty\":\"EC\",\"kid\":\"k1\"},{\"kty\":\"EC\",\"kid\":\"k2\"}]}");
        java.nio.file.Path one = dir.resolve("one.json");
        java.nio.file.Files.writeString(one, "{\"keys\":[{\"kty\":\"EC\",\"kid\":\"k1\"}]}");

        Cli.Run several = signet("inspect", "--jwks", two.toString(), token("{\"alg\":\"ES256\"}", clean("")));
        assertThat(several.out()).contains("NO_KID").contains("JWK Set has 2 keys");
        Cli.Run single = signet("inspect", "--jwks", one.toString(), token("{\"alg\":\"ES256\"}", clean("")));
        assertThat(single.out()).contains("NO_KID").contains("harmless while the issuer's JWK Set has one key");

        Cli.Run known = signet("inspect", "--json", "--jwks", two.toString(), token(ES256, clean("")));
        assertThat(JsonText.parseObject(known.out()).get("warnings")).isEqualTo(List.of());
        Cli.Run unknown =
                signet("inspect", "--jwks", two.toString(), token("{\"alg\":\"ES256\",\"kid\":\"k9\"}", clean("")));
        assertThat(unknown.out()).contains("KID_NOT_IN_JWKS").contains("kid \"k9\" is not among the 2 keys");

        Cli.Run notASet =
                signet("inspect", "--jwks", one.getParent().resolve("nope.json").toString(), token(ES256, clean("")));
        assertThat(notASet.exitCode()).isEqualTo(2);
    }

    @Test
    void largeToken() throws Exception {
        String t = token(ES256, clean(",\"blob\":\"" + "x".repeat(4000) + "\""));
        assertThat(t.length()).isGreaterThan(4096);
        assertThat(codes(t)).containsExactly("LARGE_TOKEN");
    }

    @Test
    void notYetValidAndInvalidClaimTypes() throws Exception {
        assertThat(codes(token(ES256, clean(",\"nbf\":" + (NOW + 3600))))).containsExactly("NOT_YET_VALID");
        assertThat(codes(token(ES256, "{\"iss\":7,\"aud\":[1],\"exp\":\"tomorrow\"}")))
                .containsExactly("INVALID_CLAIM", "INVALID_CLAIM", "INVALID_CLAIM");
    }

    @Test
    void encryptedTokenShowsItsProtectedHeader() throws Exception {
        String jwe = Base64Url.encode("{\"alg\":\"RSA-OAEP-256\",\"enc\":\"A256GCM\",\"kid\":\"enc-1\"}")
                + ".a2V5.aXY.Y2lwaGVydGV4dA.dGFn";
        Cli.Run run = signet("inspect", jwe);
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out())
                .contains("JWE (encrypted)")
                .contains("\"enc\": \"A256GCM\"")
                .contains("Payload:")
                .contains("encrypted");
        Map<String, Object> doc =
                JsonText.parseObject(signet("inspect", "--json", jwe).out());
        assertThat(doc)
                .containsEntry("type", "JWE")
                .containsEntry("encrypted", true)
                .containsEntry("claims", null);
    }

    @Test
    void jsonDocumentHasHeaderClaimsSizeAndWarnings() throws Exception {
        String t = token("{\"alg\":\"ES256\"}", "{\"sub\":\"x\"}");
        Map<String, Object> doc =
                JsonText.parseObject(signet("inspect", "--json", t).out());
        assertThat(doc).containsKeys("header", "claims", "size", "warnings");
        assertThat(doc.get("size")).isEqualTo((long) t.length());
        @SuppressWarnings("unchecked")
        Map<String, Object> first = (Map<String, Object>) ((List<?>) doc.get("warnings")).get(0);
        assertThat(first.keySet()).containsExactly("code", "message");
    }

    @Test
    void aRealSignedTokenFromStdinOrFile() throws Exception {
        Jwk key = Jwk.generate(JwsAlgorithm.EDDSA);
        String t = JwtSigner.builder(key)
                .build()
                .sign(JwtClaims.builder()
                        .issuer("i")
                        .audience("a")
                        .expiresAt(Instant.now().plusSeconds(60))
                        .build());
        Cli.Run run = new Cli().stdin(t + "\n").run("inspect", "-");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("\"alg\": \"EdDSA\"");
        assertThat(new Cli().stdin(t).run("inspect").exitCode()).isZero();
    }

    @Test
    void garbageIsOneLineAndExitOne() {
        for (String bad : List.of(
                "abc",
                "abc.def",
                "a.b.c.d",
                "!!!.???.***",
                "eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJ4",
                "e30.bm90IGpzb24.c2ln",
                "bm90IGpzb24.e30.c2ln",
                "eyJhbGciOiJFUzI1NiJ9.%%%.sig")) {
            Cli.Run run = signet("inspect", bad);
            assertThat(run.exitCode()).as(bad).isEqualTo(1);
            assertThat(run.errLine()).as(bad).startsWith("MALFORMED: ");
            assertThat(run.out()).isEmpty();
        }
        Cli.Run binary =
                new Cli().stdin(new byte[] {0, 1, 2, (byte) 0xfe, (byte) 0xff}).run("inspect", "-");
        assertThat(binary.exitCode()).isEqualTo(1);
        assertThat(binary.errLine()).startsWith("MALFORMED: ").contains("binary");
    }

    @Test
    void emptyInputOrMissingFileIsExitTwo() {
        Cli.Run empty = new Cli().stdin("\n").run("inspect", "-");
        assertThat(empty.exitCode()).isEqualTo(2);
        assertThat(empty.errLine()).contains("no token");
        Cli.Run missing = signet("inspect", "@/no/such/file");
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.errLine()).contains("no such file");
    }

    @Test
    void terminalControlCharactersInClaimsAreEscaped() {
        Cli.Run run = signet("inspect", token(ES256, clean(",\"x\":\"\\u001b[31mred\\u202e\"")));
        assertThat(run.out()).doesNotContain("\u001b").doesNotContain("\u202e").contains("\\u001b[31mred\\u202e");
    }
}
