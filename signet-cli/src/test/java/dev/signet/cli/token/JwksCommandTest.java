package dev.signet.cli.token;

import static dev.signet.cli.Cli.signet;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.signet.cli.Cli;
import dev.signet.cli.io.JsonText;
import dev.signet.jose.Jwk;
import dev.signet.jose.JwkSet;
import dev.signet.jose.JwsAlgorithm;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JwksCommandTest {

    @TempDir
    Path dir;

    private Path file(String json) throws Exception {
        Path p = dir.resolve("jwks-" + System.nanoTime() + ".json");
        Files.writeString(p, json);
        return p;
    }

    private static List<String> codes(Map<String, Object> doc) {
        List<String> codes = new ArrayList<>();
        for (Object w : (List<?>) doc.get("warnings")) {
            codes.add((String) ((Map<?, ?>) w).get("code"));
        }
        return codes;
    }

    @Test
    void listsEachKeyWithItsThumbprint() throws Exception {
        Jwk ec = Jwk.generate(JwsAlgorithm.ES384);
        Jwk rsa = Jwk.generate(JwsAlgorithm.RS256);
        Path set = file(JwkSet.of(ec, rsa).toPublicSet().toJson());

        Cli.Run run = signet("jwks", set.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out())
                .contains("2 keys")
                .contains("kid=" + ec.keyId())
                .contains("crv=P-384")
                .contains("kty=RSA")
                .contains("bits=2048")
                .contains("thumbprint " + rsa.thumbprint())
                .contains("No warnings.");

        Map<String, Object> doc =
                JsonText.parseObject(signet("jwks", "--json", set.toString()).out());
        Map<?, ?> first = (Map<?, ?>) ((List<?>) doc.get("keys")).get(0);
        assertThat(first.get("thumbprint")).isEqualTo(ec.thumbprint());
        assertThat(first.get("alg")).isEqualTo("ES384");
        assertThat(first.get("use")).isEqualTo("sig");
        assertThat(codes(doc)).isEmpty();
    }

    @Test
    void warnsOnPrivateMembersDuplicateKidsAndMissingKids() throws Exception {
        Jwk a = Jwk.generate(JwsAlgorithm.ES256).withKeyId("same");
        Jwk b = Jwk.generate(JwsAlgorithm.ES256).withKeyId("same");
        Jwk c = Jwk.generate(JwsAlgorithm.EDDSA).withKeyId(null);
        Jwk secret = Jwk.generate(JwsAlgorithm.HS256);
        Path set = file(JwkSet.of(a, b.toPublicJwk(), c.toPublicJwk(), secret).toJson());

        Map<String, Object> doc =
                JsonText.parseObject(signet("jwks", "--json", set.toString()).out());
        assertThat(codes(doc)).containsExactlyInAnyOrder("PRIVATE_MEMBER", "PRIVATE_MEMBER", "DUPLICATE_KID", "NO_KID");
        Cli.Run run = signet("jwks", set.toString());
        assertThat(run.out())
                .contains("carries private key material (d)")
                .contains("symmetric secret")
                .contains("2 keys share kid \"same\"");
    }

    @Test
    void weakKeysAreFlagged() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(1024);
        RSAPublicKey weak = (RSAPublicKey) g.generateKeyPair().getPublic();
        String rsa1024 = "{\"kty\":\"RSA\",\"kid\":\"old\",\"n\":\"" + b64(weak.getModulus()) + "\",\"e\":\"AQAB\"}";
        String shortSecret = "{\"kty\":\"oct\",\"kid\":\"s\",\"k\":\"c2hvcnQ\"}";
        Map<String, Object> doc = JsonText.parseObject(signet(
                        "jwks",
                        "--json",
                        file("{\"keys\":[" + rsa1024 + "," + shortSecret + "]}").toString())
                .out());
        assertThat(codes(doc)).contains("WEAK_KEY", "PRIVATE_MEMBER");
        assertThat(doc.toString()).contains("RSA 1024 bits");
    }

    private static String b64(BigInteger n) {
        byte[] b = n.toByteArray();
        if (b[0] == 0) {
            b = java.util.Arrays.copyOfRange(b, 1, b.length);
        }
        return dev.signet.jose.Base64Url.encode(b);
    }

    @Test
    void refusedKeysAreListedWithTheReasonNotACrash() throws Exception {
        Jwk good = Jwk.generate(JwsAlgorithm.ES256);
        String offCurve = "{\"kty\":\"EC\",\"crv\":\"P-256\",\"kid\":\"bad\","
                + "\"x\":\"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\","
                + "\"y\":\"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\"}";
        String unknown = "{\"kty\":\"XYZ\",\"kid\":\"future\"}";
        Path set = file("{\"keys\":[" + good.toPublicJwk().toJson() + "," + offCurve + "," + unknown + ",42]}");

        Cli.Run run = signet("jwks", set.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out())
                .contains("4 keys")
                .contains("kid=bad")
                .contains("refused:")
                .contains("kid=future");
        Map<String, Object> doc =
                JsonText.parseObject(signet("jwks", "--json", set.toString()).out());
        assertThat(codes(doc)).containsExactly("REFUSED_KEY", "REFUSED_KEY");
        assertThat(((Map<?, ?>) ((List<?>) doc.get("keys")).get(3)).get("error"))
                .isEqualTo("not a JSON object");
    }

    @Test
    void notAJwkSetIsExitOne() throws Exception {
        Cli.Run single = signet(
                "jwks",
                file(Jwk.generate(JwsAlgorithm.ES256).toPublicJwk().toJson()).toString());
        assertThat(single.exitCode()).isEqualTo(1);
        assertThat(single.errLine()).startsWith("MALFORMED: ").contains("single JWK");
        Cli.Run junk = signet("jwks", file("{\"keys\":").toString());
        assertThat(junk.exitCode()).isEqualTo(1);
        assertThat(signet("jwks", dir.resolve("missing.json").toString()).exitCode())
                .isEqualTo(2);
    }

    @Test
    void fetchesFromALocalUrl() throws Exception {
        Jwk key = Jwk.generate(JwsAlgorithm.ES256);
        byte[] body = JwkSet.of(key).toPublicSet().toJson().getBytes(StandardCharsets.UTF_8);
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/.well-known/jwks.json", ex -> {
            ex.sendResponseHeaders(200, body.length);
            try (OutputStream os = ex.getResponseBody()) {
                os.write(body);
            }
        });
        server.start();
        try {
            Cli.Run run =
                    signet("jwks", "http://localhost:" + server.getAddress().getPort() + "/.well-known/jwks.json");
            assertThat(run.exitCode()).as(run.err()).isZero();
            assertThat(run.out()).contains("1 key").contains(key.thumbprint());
        } finally {
            server.stop(0);
        }
        assertThat(signet("jwks", "http://example.com/jwks").errLine()).contains("plain http");
    }
}
