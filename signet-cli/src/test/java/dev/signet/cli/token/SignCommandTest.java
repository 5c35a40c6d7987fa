package dev.signet.cli.token;

import static dev.signet.cli.Cli.signet;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.signet.cli.Cli;
import dev.signet.cli.io.JsonText;
import dev.signet.jose.Jwk;
import dev.signet.jose.JwkSet;
import dev.signet.jose.JwsAlgorithm;
import dev.signet.jose.Jwt;
import dev.signet.jose.JwtVerifier;
import dev.signet.jose.KeySource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SignCommandTest {

    @TempDir
    Path dir;

    Jwk key;
    Path keyFile;

    @BeforeEach
    void key() throws Exception {
        key = Jwk.generate(JwsAlgorithm.ES256);
        keyFile = dir.resolve("k.jwk");
        Files.writeString(keyFile, key.toJson());
    }

    private Jwt verified(String token, Jwk with) throws Exception {
        return JwtVerifier.builder(KeySource.of(with))
                .acceptAnyIssuer()
                .acceptAnyAudience()
                .acceptTokensWithoutExpiration()
                .build()
                .verify(token.strip());
    }

    @Test
    void signsTheNamedClaimsWithIatAndAFifteenMinuteDefaultLifetime() throws Exception {
        long before = Instant.now().getEpochSecond();
        Cli.Run run = signet(
                "sign",
                "--key",
                keyFile.toString(),
                "--iss",
                "https://auth.example.com",
                "--sub",
                "alice",
                "--aud",
                "api",
                "--typ",
                "at+jwt");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).endsWith("\n").doesNotContain(" ");
        Jwt jwt = verified(run.out(), key.toPublicJwk());
        assertThat(jwt.header().algorithm()).isEqualTo("ES256");
        assertThat(jwt.header().type()).isEqualTo("at+jwt");
        assertThat(jwt.header().keyId()).isEqualTo(key.keyId());
        assertThat(jwt.claims().issuer()).isEqualTo("https://auth.example.com");
        assertThat(jwt.claims().subject()).isEqualTo("alice");
        assertThat(jwt.claims().audience()).containsExactly("api");
        assertThat(jwt.claims().issuedAt().getEpochSecond()).isBetween(before, before + 5);
        assertThat(jwt.claims().expiresAt().getEpochSecond()
                        - jwt.claims().issuedAt().getEpochSecond())
                .isEqualTo(900);
    }

    @Test
    void durationsAndSeveralAudiences() throws Exception {
        Cli.Run run = signet(
                "sign", "--key", keyFile.toString(), "--aud", "a", "--aud", "b", "--exp", "1h30m", "--nbf", "0s");
        Jwt jwt = verified(run.out(), key);
        assertThat(jwt.claims().audience()).containsExactly("a", "b");
        assertThat(jwt.claims().get("aud")).isInstanceOf(List.class);
        long iat = jwt.claims().issuedAt().getEpochSecond();
        assertThat(jwt.claims().expiresAt().getEpochSecond() - iat).isEqualTo(5400);
        assertThat(jwt.claims().notBefore().getEpochSecond()).isCloseTo(iat, within(1L));
    }

    @Test
    void expNeverLeavesExpOutAndANegativeLifetimeMakesAnExpiredToken() throws Exception {
        Jwt never = verified(
                signet("sign", "--key", keyFile.toString(), "--exp", "never").out(), key);
        assertThat(never.claims().has("exp")).isFalse();

        Cli.Run expired = signet("sign", "--key", keyFile.toString(), "--exp=-5m");
        assertThat(expired.exitCode()).as(expired.err()).isZero();
        Map<String, Object> claims = JsonText.parseObject(new String(
                java.util.Base64.getUrlDecoder().decode(expired.out().split("\\.", -1)[1]),
                java.nio.charset.StandardCharsets.UTF_8));
        assertThat((Long) claims.get("exp") - (Long) claims.get("iat")).isEqualTo(-300);
    }

    @Test
    void claimValuesThatParseAsJsonAreJsonOthersAreStrings() throws Exception {
        Cli.Run run = signet(
                "sign",
                "--key",
                keyFile.toString(),
                "--claim",
                "n=42",
                "--claim",
                "admin=true",
                "--claim",
                "roles=[\"a\",\"b\"]",
                "--claim",
                "scope=read write",
                "--claim",
                "zip=\"01234\"",
                "--claim",
                "obj={\"k\":1}",
                "--claim",
                "eq=a=b");
        Jwt jwt = verified(run.out(), key);
        assertThat(jwt.claims().get("n")).isEqualTo(42L);
        assertThat(jwt.claims().get("admin")).isEqualTo(true);
        assertThat(jwt.claims().get("roles")).isEqualTo(List.of("a", "b"));
        assertThat(jwt.claims().get("scope")).isEqualTo("read write");
        assertThat(jwt.claims().get("zip")).isEqualTo("01234");
        assertThat(jwt.claims().get("obj")).isEqualTo(Map.of("k", 1L));
        assertThat(jwt.claims().get("eq")).isEqualTo("a=b");
    }

    @Test
    void claimsFromAFileOrStdinAreTheBaseTheOptionsOverride() throws Exception {
        Path claims = dir.resolve("claims.json");
        Files.writeString(claims, "{\"sub\":\"file\",\"tenant\":\"t1\",\"exp\":1}");
        Jwt fromFile = verified(
                signet(
                                "sign",
                                "--key",
                                keyFile.toString(),
                                "--claims",
                                claims.toString(),
                                "--sub",
                                "flag",
                                "--exp",
                                "10m")
                        .out(),
                key);
        assertThat(fromFile.claims().subject()).isEqualTo("flag");
        assertThat(fromFile.claims().get("tenant")).isEqualTo("t1");

        Cli.Run fromStdin =
                new Cli().stdin("{\"sub\":\"piped\"}").run("sign", "--key", keyFile.toString(), "--claims", "-");
        assertThat(verified(fromStdin.out(), key).claims().subject()).isEqualTo("piped");
    }

    @Test
    void badClaimsAreUsageErrors() throws Exception {
        Path bad = dir.resolve("bad.json");
        Files.writeString(bad, "[1,2]");
        assertThat(signet("sign", "--key", keyFile.toString(), "--claims", bad.toString())
                        .errLine())
                .contains("expected a JSON object");
        Cli.Run wrongType = signet("sign", "--key", keyFile.toString(), "--claim", "iss=42");
        assertThat(wrongType.exitCode()).isEqualTo(2);
        assertThat(wrongType.errLine()).contains("invalid claims").contains("iss");
        assertThat(signet("sign", "--key", keyFile.toString(), "--claim", "novalue")
                        .errLine())
                .contains("NAME=VALUE");
        assertThat(signet("sign", "--key", keyFile.toString(), "--exp", "15").errLine())
                .contains("not a duration");
    }

    @Test
    void jtiAutoIsRandomEachTime() throws Exception {
        String a = verified(
                        signet("sign", "--key", keyFile.toString(), "--jti", "auto")
                                .out(),
                        key)
                .claims()
                .jwtId();
        String b = verified(
                        signet("sign", "--key", keyFile.toString(), "--jti", "auto")
                                .out(),
                        key)
                .claims()
                .jwtId();
        assertThat(a).hasSize(22).isNotEqualTo(b);
        assertThat(verified(
                                signet("sign", "--key", keyFile.toString(), "--jti", "id-7")
                                        .out(),
                                key)
                        .claims()
                        .jwtId())
                .isEqualTo("id-7");
    }

    @Test
    void algorithmDefaultsFromTheKeyAndMustFitIt() throws Exception {
        Jwk rsa = Jwk.generate(JwsAlgorithm.RS256).withAlgorithm(null);
        Path rsaFile = dir.resolve("rsa.jwk");
        Files.writeString(rsaFile, rsa.toJson());
        assertThat(verified(signet("sign", "--key", rsaFile.toString()).out(), rsa)
                        .header()
                        .algorithm())
                .isEqualTo("RS256");
        assertThat(verified(
                                signet("sign", "--key", rsaFile.toString(), "--alg", "PS384")
                                        .out(),
                                rsa)
                        .header()
                        .algorithm())
                .isEqualTo("PS384");

        Cli.Run misfit = signet("sign", "--key", keyFile.toString(), "--alg", "RS256");
        assertThat(misfit.exitCode()).isEqualTo(2);
        assertThat(misfit.errLine()).contains("cannot sign").contains("ALG_NOT_ALLOWED");
    }

    @Test
    void aPemPrivateKeySigns() throws Exception {
        Path pem = dir.resolve("k.pem");
        Files.writeString(pem, key.toPrivatePem());
        Cli.Run run = signet("sign", "--key", pem.toString(), "--kid", "pem-1");
        assertThat(run.exitCode()).as(run.err()).isZero();
        Jwt jwt = verified(run.out(), key.toPublicJwk().withKeyId("pem-1"));
        assertThat(jwt.header().keyId()).isEqualTo("pem-1");
        // Without --kid a PEM key has none, and the header names none.
        assertThat(verified(
                                signet("sign", "--key", pem.toString()).out(),
                                key.toPublicJwk().withKeyId(null))
                        .header()
                        .keyId())
                .isNull();
    }

    @Test
    void aPublicKeyCannotSign() throws Exception {
        Path pub = dir.resolve("k.pub.jwk");
        Files.writeString(pub, key.toPublicJwk().toJson());
        Cli.Run run = signet("sign", "--key", pub.toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.errLine()).contains("holds a public key").contains("private key");
    }

    @Test
    void aKeyIsPickedFromASetByKid() throws Exception {
        Jwk other = Jwk.generate(JwsAlgorithm.ES256).withKeyId("two");
        Path set = dir.resolve("set.json");
        Files.writeString(set, JwkSet.of(key, other).toJson());

        assertThat(signet("sign", "--key", set.toString()).errLine())
                .contains("2 private keys")
                .contains("--kid");
        Jwt jwt =
                verified(signet("sign", "--key", set.toString(), "--kid", "two").out(), other);
        assertThat(jwt.header().keyId()).isEqualTo("two");
        assertThat(signet("sign", "--key", set.toString(), "--kid", "three").errLine())
                .contains("no private key");
    }

    @Test
    void hmacSecretFromTheEnvironmentAsTextAsBase64urlOrAsJwk() throws Exception {
        String text = "correct horse battery staple, 32+ bytes long!";
        Cli.Run run = new Cli().env("SECRET", text).run("sign", "--key-env", "SECRET", "--aud", "api");
        assertThat(run.exitCode()).as(run.err()).isZero();
        Jwk secret = Jwk.fromSecret(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(verified(run.out(), secret).header().algorithm()).isEqualTo("HS256");

        Cli.Run b64 = new Cli()
                .env("SECRET", "b64u:" + dev.signet.jose.Base64Url.encode(text))
                .run("sign", "--key-env", "SECRET");
        verified(b64.out(), secret);

        Jwk hs512 = Jwk.generate(JwsAlgorithm.HS512);
        Cli.Run jwk = new Cli().env("SECRET", hs512.toJson()).run("sign", "--key-env", "SECRET");
        assertThat(verified(jwk.out(), hs512).header().algorithm()).isEqualTo("HS512");
    }

    @Test
    void shortSecretsAndMissingVariablesAreRefused() {
        Cli.Run shortSecret = new Cli().env("SECRET", "hunter2").run("sign", "--key-env", "SECRET");
        assertThat(shortSecret.exitCode()).isEqualTo(2);
        assertThat(shortSecret.errLine()).contains("KEY_REJECTED").contains("256 bits");

        Cli.Run unset = signet("sign", "--key-env", "NOPE");
        assertThat(unset.exitCode()).isEqualTo(2);
        assertThat(unset.errLine()).contains("NOPE is not set");
    }

    @Test
    void keyAndKeyEnvAreExclusiveAndOneIsRequired() {
        assertThat(signet("sign").exitCode()).isEqualTo(2);
        Cli.Run both = signet("sign", "--key", keyFile.toString(), "--key-env", "X");
        assertThat(both.exitCode()).isEqualTo(2);
        assertThat(both.err()).contains("mutually exclusive");
    }
}
