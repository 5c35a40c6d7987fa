package dev.signet.cli.token;

import static dev.signet.cli.Cli.signet;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.signet.cli.Cli;
import dev.signet.cli.io.JsonText;
import dev.signet.cli.keys.JwksFetcher;
import dev.signet.jose.Jwk;
import dev.signet.jose.JwkSet;
import dev.signet.jose.JwsAlgorithm;
import dev.signet.jose.JwtClaims;
import dev.signet.jose.JwtSigner;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VerifyCommandTest {

    static final String ISS = "https://auth.example.com";
    static final String AUD = "api";

    @TempDir
    Path dir;

    Jwk key;
    String pub;
    HttpServer server;

    @BeforeEach
    void key() throws Exception {
        key = Jwk.generate(JwsAlgorithm.ES256);
        Path p = dir.resolve("k.pub.jwk");
        Files.writeString(p, key.toPublicJwk().toJson());
        pub = p.toString();
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    private JwtClaims.Builder claims() {
        Instant now = Instant.now();
        return JwtClaims.builder()
                .issuer(ISS)
                .audience(AUD)
                .subject("alice")
                .issuedAt(now)
                .expiresAt(now.plusSeconds(600));
    }

    private String token(JwtClaims.Builder claims) throws Exception {
        return JwtSigner.builder(key).build().sign(claims.build());
    }

    private Cli.Run verify(String token, String... extra) {
        String[] args = new String[extra.length + 8];
        String[] base = {"verify", "--key", pub, "--iss", ISS, "--aud", AUD};
        System.arraycopy(base, 0, args, 0, base.length);
        System.arraycopy(extra, 0, args, base.length, extra.length);
        args[args.length - 1] = token;
        return signet(args);
    }

    private static void assertRejected(Cli.Run run, String code) {
        assertThat(run.exitCode()).as(run.err()).isEqualTo(1);
        assertThat(run.out()).isEmpty();
        assertThat(run.errLine()).startsWith(code + ": ");
    }

    @Test
    void aValidTokenExitsZeroWithItsClaimsAsJson() throws Exception {
        Cli.Run run = verify(token(claims().claim("scope", "read")));

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.err()).isEmpty();
        Map<String, Object> claims = JsonText.parseObject(run.out());
        assertThat(claims)
                .containsEntry("sub", "alice")
                .containsEntry("scope", "read")
                .containsEntry("iss", ISS);
        assertThat(run.out()).contains("\n  \"sub\": \"alice\"");
    }

    @Test
    void expired() throws Exception {
        Instant now = Instant.now();
        Cli.Run run = verify(token(claims().issuedAt(now.minusSeconds(900)).expiresAt(now.minusSeconds(300))));
        assertRejected(run, "EXPIRED");
        assertThat(run.errLine()).contains("token expired at").contains("(now ").contains("skew 60s)");
    }

    @Test
    void expiredWithinTheSkewIsStillValidAndSkewIsAdjustable() throws Exception {
        Instant now = Instant.now();
        String token = token(claims().expiresAt(now.minusSeconds(30)));
        assertThat(verify(token).exitCode()).isZero();
        assertRejected(verify(token, "--skew", "10s"), "EXPIRED");
        assertThat(verify(token, "--skew", "11m").errLine()).contains("between 0 and 10 minutes");
    }

    @Test
    void notYetValid() throws Exception {
        assertRejected(verify(token(claims().notBefore(Instant.now().plusSeconds(3600)))), "NOT_YET_VALID");
    }

    @Test
    void badSignature() throws Exception {
        String token = token(claims());
        int i = token.lastIndexOf('.') + 10;
        String tampered = token.substring(0, i) + (token.charAt(i) == 'A' ? 'B' : 'A') + token.substring(i + 1);
        assertRejected(verify(tampered), "BAD_SIGNATURE");
    }

    @Test
    void algNotAllowed() throws Exception {
        Cli.Run run = verify(token(claims()), "--alg", "ES384");
        assertRejected(run, "ALG_NOT_ALLOWED");
    }

    @Test
    void keyNotFound() throws Exception {
        key = key.withKeyId("signing-key");
        String token = token(claims());
        Files.writeString(
                Path.of(pub),
                Jwk.generate(JwsAlgorithm.ES256)
                        .withKeyId("other-key")
                        .toPublicJwk()
                        .toJson());
        assertRejected(verify(token), "KEY_NOT_FOUND");
    }

    @Test
    void wrongIssuer() throws Exception {
        Cli.Run run = verify(token(claims().issuer("https://evil.example")));
        assertRejected(run, "WRONG_ISSUER");
        assertThat(run.errLine()).contains("https://evil.example");
    }

    @Test
    void wrongAudience() throws Exception {
        assertRejected(verify(token(claims().audience("other-service"))), "WRONG_AUDIENCE");
    }

    @Test
    void wrongType() throws Exception {
        assertRejected(verify(token(claims()), "--typ", "at+jwt"), "WRONG_TYPE");
    }

    @Test
    void missingClaim() throws Exception {
        Cli.Run run = verify(token(claims()), "--require", "scope");
        assertRejected(run, "MISSING_CLAIM");
        assertThat(run.errLine()).contains("scope");
    }

    @Test
    void malformedTruncatedToken() throws Exception {
        String token = token(claims());
        assertRejected(verify(token.substring(0, token.lastIndexOf('.'))), "MALFORMED");
        assertRejected(verify(token.substring(0, token.length() / 2)), "MALFORMED");
    }

    @Test
    void aFilePathWithoutTheAtSignIsAUsageErrorThatSaysSo() throws Exception {
        Path file = dir.resolve("token.jwt");
        Files.writeString(file, token(claims()));
        Cli.Run run = verify(file.toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.errLine()).contains("is a file, not a token").contains("@" + file);
        assertThat(verify("@" + file).exitCode()).isZero();
    }

    @Test
    void tooLarge() throws Exception {
        Cli.Run run = verify(token(claims().claim("blob", "x".repeat(20_000))));
        assertRejected(run, "TOO_LARGE");
    }

    @Test
    void tooOld() throws Exception {
        Instant now = Instant.now();
        Cli.Run run = verify(
                token(claims().issuedAt(now.minusSeconds(7200)).expiresAt(now.plusSeconds(600))), "--max-age", "1h");
        assertRejected(run, "TOO_OLD");
        assertThat(verify(token(claims()), "--max-age", "1h").exitCode()).isZero();
    }

    @Test
    void refusesToRunWithoutAnExpectedIssuerOrAudience() throws Exception {
        String token = token(claims());
        Cli.Run noIss = signet("verify", "--key", pub, "--aud", AUD, token);
        assertThat(noIss.exitCode()).isEqualTo(2);
        assertThat(noIss.errLine())
                .contains("without an expected issuer")
                .contains("--iss")
                .contains("--insecure-any-issuer");
        Cli.Run noAud = signet("verify", "--key", pub, "--iss", ISS, token);
        assertThat(noAud.exitCode()).isEqualTo(2);
        assertThat(noAud.errLine()).contains("without an expected audience").contains("--insecure-any-audience");
        Cli.Run both = signet("verify", "--key", pub, "--iss", ISS, "--insecure-any-issuer", "--aud", AUD, token);
        assertThat(both.errLine()).contains("contradict");
    }

    @Test
    void theExplicitOptOutsAcceptAnyIssuerAndAudience() throws Exception {
        String token = token(claims().issuer("someone").audience("anyone"));
        Cli.Run run = signet("verify", "--key", pub, "--insecure-any-issuer", "--insecure-any-audience", token);
        assertThat(run.exitCode()).as(run.err()).isZero();
    }

    @Test
    void severalIssuersAndAudiencesMayBeAccepted() throws Exception {
        String token = token(claims().issuer("b").audience("y"));
        Cli.Run run = signet("verify", "--key", pub, "--iss", "a", "--iss", "b", "--aud", "x", "--aud", "y", token);
        assertThat(run.exitCode()).as(run.err()).isZero();
    }

    @Test
    void signPipedIntoVerify() throws Exception {
        Path priv = dir.resolve("k.jwk");
        Files.writeString(priv, key.toJson());
        Cli.Run signed = signet("sign", "--key", priv.toString(), "--iss", ISS, "--aud", AUD, "--sub", "bob");
        Cli.Run verified = new Cli().stdin(signed.out()).run("verify", "--key", pub, "--iss", ISS, "--aud", AUD, "-");
        assertThat(verified.exitCode()).as(verified.err()).isZero();
        assertThat(JsonText.parseObject(verified.out())).containsEntry("sub", "bob");
        // No TOKEN argument reads stdin too.
        assertThat(new Cli()
                        .stdin(signed.out())
                        .run("verify", "--key", pub, "--iss", ISS, "--aud", AUD)
                        .exitCode())
                .isZero();
    }

    @Test
    void tokenFromAFileWithBearerPrefix() throws Exception {
        Path file = dir.resolve("token.txt");
        Files.writeString(file, "Bearer " + token(claims()) + "\n");
        assertThat(verify("@" + file).exitCode()).isZero();
    }

    @Test
    void jsonOutputForMachines() throws Exception {
        Cli.Run ok = verify(token(claims()), "--json");
        Map<String, Object> doc = JsonText.parseObject(ok.out());
        assertThat(doc).containsEntry("valid", true).containsKeys("header", "claims");
        assertThat(doc.get("kid")).isEqualTo(key.keyId());

        Cli.Run bad = verify(token(claims().audience("x")), "--json");
        assertThat(bad.exitCode()).isEqualTo(1);
        assertThat(JsonText.parseObject(bad.out()))
                .containsEntry("valid", false)
                .containsEntry("reason", "WRONG_AUDIENCE");
        assertThat(bad.errLine()).startsWith("WRONG_AUDIENCE: ");
    }

    @Test
    void pemPublicKeyWhereAJwkMightBeExpectedWorks() throws Exception {
        Path pem = dir.resolve("k.pub.pem");
        Files.writeString(pem, key.toPublicPem());
        Cli.Run run = signet("verify", "--key", pem.toString(), "--iss", ISS, "--aud", AUD, token(claims()));
        assertThat(run.exitCode()).as(run.err()).isZero();
    }

    @Test
    void aKidlessKeyIsTriedButAKeyWithAnotherKidIsNot() throws Exception {
        String token = token(claims());
        Files.writeString(Path.of(pub), key.toPublicJwk().withKeyId(null).toJson());
        assertThat(verify(token).exitCode()).isZero();
        // The single kid-less key must still be the right key.
        Files.writeString(
                Path.of(pub),
                Jwk.generate(JwsAlgorithm.ES256).toPublicJwk().withKeyId(null).toJson());
        assertRejected(verify(token), "BAD_SIGNATURE");
        // In a set, kids are matched.
        Files.writeString(
                Path.of(pub), JwkSet.of(key.toPublicJwk().withKeyId("x")).toJson());
        assertRejected(verify(token), "KEY_NOT_FOUND");
    }

    @Test
    void pemCertificateVerifiesTokensOfItsKey() throws Exception {
        Path keystore = dir.resolve("ks.p12");
        String keytool =
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        Process gen = new ProcessBuilder(
                        keytool,
                        "-genkeypair",
                        "-keyalg",
                        "EC",
                        "-groupname",
                        "secp256r1",
                        "-alias",
                        "signer",
                        "-dname",
                        "CN=signer",
                        "-validity",
                        "2",
                        "-storetype",
                        "PKCS12",
                        "-keystore",
                        keystore.toString(),
                        "-storepass",
                        "changeit")
                .redirectErrorStream(true)
                .start();
        gen.getInputStream().readAllBytes();
        assertThat(gen.waitFor()).isZero();
        java.security.KeyStore ks = java.security.KeyStore.getInstance("PKCS12");
        try (var in = Files.newInputStream(keystore)) {
            ks.load(in, "changeit".toCharArray());
        }
        java.security.cert.Certificate cert = ks.getCertificate("signer");
        key = Jwk.fromKeyPair(new java.security.KeyPair(
                cert.getPublicKey(), (java.security.PrivateKey) ks.getKey("signer", "changeit".toCharArray())));
        Path pem = dir.resolve("cert.pem");
        Files.writeString(
                pem,
                "-----BEGIN CERTIFICATE-----\n"
                        + java.util.Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                                .encodeToString(cert.getEncoded())
                        + "\n-----END CERTIFICATE-----\n");
        Cli.Run run = signet("verify", "--key", pem.toString(), "--iss", ISS, "--aud", AUD, token(claims()));
        assertThat(run.exitCode()).as(run.err()).isZero();
    }

    @Test
    void aPrivateJwkVerifiesThroughItsPublicHalf() throws Exception {
        Files.writeString(Path.of(pub), key.toJson());
        assertThat(verify(token(claims())).exitCode()).isZero();
    }

    @Test
    void badKeyFilesGetOneClearLine() throws Exception {
        String token = token(claims());
        Cli.Run missing =
                signet("verify", "--key", dir.resolve("nope.jwk").toString(), "--iss", ISS, "--aud", AUD, token);
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.errLine()).contains("no such file").contains("nope.jwk");

        Path garbage = dir.resolve("garbage");
        Files.write(garbage, new byte[] {(byte) 0xff, 0, 1, 2, (byte) 0xc3});
        assertThat(signet("verify", "--key", garbage.toString(), "--iss", ISS, "--aud", AUD, token)
                        .errLine())
                .contains("binary");

        Path text = dir.resolve("text");
        Files.writeString(text, "hello");
        assertThat(signet("verify", "--key", text.toString(), "--iss", ISS, "--aud", AUD, token)
                        .errLine())
                .contains("neither a JWK");

        Path badPem = dir.resolve("bad.pem");
        Files.writeString(badPem, "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n");
        Cli.Run pem = signet("verify", "--key", badPem.toString(), "--iss", ISS, "--aud", AUD, token);
        assertThat(pem.exitCode()).isEqualTo(2);
        assertThat(pem.errLine()).contains("cannot use the key in").doesNotContain("\tat ");
    }

    @Test
    void badTokensAreRejectedNotCrashes() {
        Cli.Run binary = new Cli()
                .stdin(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, (byte) 0xff})
                .run("verify", "--key", pub, "--iss", ISS, "--aud", AUD, "-");
        assertRejected(binary, "MALFORMED");
        assertRejected(verify("not a token"), "MALFORMED");

        Cli.Run empty = new Cli().run("verify", "--key", pub, "--iss", ISS, "--aud", AUD, "-");
        assertThat(empty.exitCode()).isEqualTo(2);
        assertThat(empty.errLine()).contains("no token");
    }

    private String serve(String path, int status, String body, AtomicInteger hits) throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext(path, exchange -> {
            hits.incrementAndGet();
            byte[] b = body.getBytes(StandardCharsets.UTF_8);
            if (status == 302) {
                exchange.getResponseHeaders().add("Location", "https://elsewhere.example/jwks");
            }
            exchange.sendResponseHeaders(status, b.length == 0 ? -1 : b.length);
            try (OutputStream os = exchange.getResponseBody()) {
                os.write(b);
            }
        });
        server.start();
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    @Test
    void jwksUrlOnLocalhost() throws Exception {
        AtomicInteger hits = new AtomicInteger();
        Jwk other = Jwk.generate(JwsAlgorithm.RS256);
        String url =
                serve("/jwks.json", 200, JwkSet.of(other, key).toPublicSet().toJson(), hits);
        Cli.Run run = signet("verify", "--key", url, "--iss", ISS, "--aud", AUD, token(claims()));
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(hits.get()).isEqualTo(1);
    }

    @Test
    void jwksUrlFailuresAreUsageErrors() throws Exception {
        String token = token(claims());
        String notFound = serve("/jwks", 404, "", new AtomicInteger());
        Cli.Run run = signet("verify", "--key", notFound, "--iss", ISS, "--aud", AUD, token);
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.errLine()).contains("HTTP 404");
        server.stop(0);

        String redirect = serve("/r", 302, "", new AtomicInteger());
        assertThat(signet("verify", "--key", redirect, "--iss", ISS, "--aud", AUD, token)
                        .errLine())
                .contains("HTTP 302")
                .contains("redirects to https://elsewhere.example/jwks");
        server.stop(0);

        String huge = serve("/big", 200, "{\"keys\":[" + " ".repeat(JwksFetcher.MAX_BYTES) + "]}", new AtomicInteger());
        assertThat(signet("verify", "--key", huge, "--iss", ISS, "--aud", AUD, token)
                        .errLine())
                .contains("over");
    }

    @Test
    void plainHttpIsRefusedExceptOnLoopback() throws Exception {
        Cli.Run run =
                signet("verify", "--key", "http://auth.example.com/jwks", "--iss", ISS, "--aud", AUD, token(claims()));
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.errLine())
                .contains("refusing to fetch keys over plain http")
                .contains("https://");
    }

    @Test
    void hmacSecretFromTheEnvironment() throws Exception {
        String secret = "a shared secret that is at least 32 bytes long";
        key = Jwk.fromSecret(secret.getBytes(StandardCharsets.UTF_8));
        String token = token(claims());
        Cli.Run ok = new Cli().env("S", secret).run("verify", "--key-env", "S", "--iss", ISS, "--aud", AUD, token);
        assertThat(ok.exitCode()).as(ok.err()).isZero();
        Cli.Run wrong =
                new Cli().env("S", secret + "!").run("verify", "--key-env", "S", "--iss", ISS, "--aud", AUD, token);
        assertRejected(wrong, "BAD_SIGNATURE");
    }

    @Test
    void debugShowsTheStackTraceOtherwiseNever() throws Exception {
        Path text = dir.resolve("text");
        Files.writeString(text, "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n");
        String token = token(claims());
        Cli.Run plain = signet("verify", "--key", text.toString(), "--iss", ISS, "--aud", AUD, token);
        assertThat(plain.err()).doesNotContain("\tat ");
        Cli.Run debug = signet("verify", "--debug", "--key", text.toString(), "--iss", ISS, "--aud", AUD, token);
        assertThat(debug.err()).contains("\tat ");
        Cli.Run globalDebug = signet("--debug", "verify", "--key", text.toString(), "--iss", ISS, "--aud", AUD, token);
        assertThat(globalDebug.err()).contains("\tat ");
        Cli.Run env = new Cli()
                .env("SIGNET_DEBUG", "1")
                .run("verify", "--key", text.toString(), "--iss", ISS, "--aud", AUD, token);
        assertThat(env.err()).contains("\tat ");
    }
}
