package dev.signet.cli.token;

import static dev.signet.cli.Cli.signet;
import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.cli.Cli;
import dev.signet.cli.io.JsonText;
import dev.signet.jose.Base64Url;
import dev.signet.jose.Jwe;
import dev.signet.jose.Jwk;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@SuppressWarnings("unchecked")
class EncryptDecryptCommandTest {

    static final String ISS = "https://auth.example.com";
    static final String AUD = "api";
    static final String PASSWORD = "correct horse battery staple";

    @TempDir
    Path dir;

    String signingKey;
    String verificationKey;

    @BeforeEach
    void signingKeys() {
        signingKey = dir.resolve("sig.jwk").toString();
        verificationKey = dir.resolve("sig.pub.jwk").toString();
        ok(signet("keygen", "--alg", "ES256", "--out", signingKey, "--public-out", verificationKey));
    }

    private static Cli.Run ok(Cli.Run run) {
        assertThat(run.exitCode()).as(run.err()).isZero();
        return run;
    }

    private static void assertRejected(Cli.Run run, String code) {
        assertThat(run.exitCode()).as(run.err()).isEqualTo(1);
        assertThat(run.errLine()).startsWith(code + ": ");
    }

    private static void assertUsage(Cli.Run run, String contains) {
        assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
        assertThat(run.errLine()).contains(contains).doesNotContain("\tat ");
    }

    /** {@code signet keygen ARGS --out NAME [--public-out NAME.pub]}: the private (or secret) key file. */
    private String keygen(String name, boolean withPublic, String... args) throws Exception {
        List<String> a = new ArrayList<>(List.of("keygen"));
        a.addAll(List.of(args));
        a.addAll(List.of("--out", dir.resolve(name).toString()));
        if (withPublic) {
            a.addAll(List.of("--public-out", dir.resolve(name + ".pub").toString()));
        }
        ok(signet(a.toArray(new String[0])));
        return dir.resolve(name).toString();
    }

    private String sign() {
        return ok(signet("sign", "--key", signingKey, "--iss", ISS, "--aud", AUD, "--sub", "alice"))
                .out();
    }

    private static Cli.Run piped(String stdin, String... args) {
        return new Cli().stdin(stdin).run(args);
    }

    private static Map<String, Object> header(String jwe) throws Exception {
        return Jwe.parseUnverified(jwe).header().members();
    }

    /** One encryption family: how to make its keys and which options encrypt and decrypt with them. */
    @SuppressWarnings("ArrayRecordComponent") // option lists to pass on; a Family is never compared or hashed
    record Family(
            String name,
            String[] keygen,
            boolean asymmetric,
            String[] encryptKey,
            String[] decryptKey,
            Map<String, String> env) {}

    private List<Family> families() throws Exception {
        List<Family> f = new ArrayList<>();
        String rsa = keygen("rsa.jwk", true, "--alg", "RSA-OAEP-256");
        f.add(new Family(
                "RSA-OAEP-256",
                null,
                true,
                new String[] {"--key", rsa + ".pub"},
                new String[] {"--key", rsa},
                Map.of()));
        String p256 = keygen("p256.jwk", true, "--alg", "ECDH-ES+A256KW");
        f.add(new Family(
                "ECDH-ES+A256KW",
                null,
                true,
                new String[] {"--key", p256 + ".pub"},
                new String[] {"--key", p256},
                Map.of()));
        String x25519 = keygen("x25519.jwk", true, "--alg", "ECDH-ES+A256KW", "--curve", "X25519");
        f.add(new Family(
                "ECDH-ES+A256KW",
                null,
                true,
                new String[] {"--key", x25519 + ".pub"},
                new String[] {"--key", x25519},
                Map.of()));
        String direct = keygen("ecdh.jwk", true, "--alg", "ECDH-ES", "--curve", "P-384");
        f.add(new Family(
                "ECDH-ES",
                null,
                true,
                new String[] {"--key", direct + ".pub"},
                new String[] {"--key", direct},
                Map.of()));
        String kw = keygen("kw.jwk", false, "--alg", "A256KW");
        f.add(new Family("A256KW", null, false, new String[] {"--key", kw}, new String[] {"--key", kw}, Map.of()));
        String gcmkw = keygen("gcmkw.jwk", false, "--alg", "A256GCMKW");
        f.add(new Family(
                "A256GCMKW", null, false, new String[] {"--key", gcmkw}, new String[] {"--key", gcmkw}, Map.of()));
        String dirKey = keygen("dir.jwk", false, "--alg", "dir", "--enc", "A128CBC-HS256");
        f.add(new Family("dir", null, false, new String[] {"--key", dirKey}, new String[] {"--key", dirKey}, Map.of()));
        f.add(new Family(
                "PBES2-HS256+A128KW",
                null,
                false,
                new String[] {"--key-env", "PASSWORD", "--alg", "PBES2-HS256+A128KW", "--pbes2-iterations", "2000"},
                new String[] {"--key-env", "PASSWORD", "--alg", "PBES2-HS256+A128KW"},
                Map.of("PASSWORD", PASSWORD)));
        return f;
    }

    private static String[] concat(String[] a, String... b) {
        String[] r = new String[a.length + b.length];
        System.arraycopy(a, 0, r, 0, a.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    private static Cli withEnv(Map<String, String> env) {
        Cli cli = new Cli();
        env.forEach(cli::env);
        return cli;
    }

    @Test
    void signEncryptDecryptVerifyForEveryAlgorithmFamily() throws Exception {
        for (Family f : families()) {
            String jwt = sign();
            Cli.Run enc = withEnv(f.env()).stdin(jwt).run(concat(new String[] {"encrypt"}, f.encryptKey()));
            assertThat(enc.exitCode()).as(f.name() + ": " + enc.err()).isZero();
            String jwe = enc.out().strip();
            assertThat(jwe.split("\\.", -1)).as(f.name()).hasSize(5);
            Map<String, Object> h = header(jwe);
            assertThat(h).as(f.name()).containsEntry("alg", f.name()).containsEntry("cty", "JWT");
            assertThat(h.get("enc")).as(f.name()).isEqualTo(f.name().equals("dir") ? "A128CBC-HS256" : "A256GCM");

            Cli.Run dec = withEnv(f.env()).stdin(jwe).run(concat(new String[] {"decrypt"}, f.decryptKey()));
            assertThat(dec.exitCode()).as(f.name() + ": " + dec.err()).isZero();
            assertThat(dec.out()).as(f.name()).isEqualTo(jwt.strip());
            ok(piped(dec.out(), "verify", "--key", verificationKey, "--iss", ISS, "--aud", AUD));

            String[] nested = concat(
                    new String[] {"verify", "--key", verificationKey, "--iss", ISS, "--aud", AUD, "--json"},
                    f.decryptKey());
            for (int i = 0; i < nested.length; i++) {
                nested[i] = nested[i].equals("--key") && i > 6
                        ? "--decrypt-key"
                        : nested[i].equals("--key-env")
                                ? "--decrypt-key-env"
                                : nested[i].equals("--alg") ? "--decrypt-alg" : nested[i];
            }
            Cli.Run verified = withEnv(f.env()).stdin(jwe).run(nested);
            assertThat(verified.exitCode()).as(f.name() + ": " + verified.err()).isZero();
            Map<String, Object> doc = JsonText.parseObject(verified.out());
            assertThat(doc).containsEntry("valid", true);
            assertThat((Map<String, Object>) doc.get("claims")).containsEntry("sub", "alice");
            assertThat((Map<String, Object>) doc.get("encryption")).containsEntry("alg", f.name());
        }
    }

    @Test
    void ctyIsJwtOnlyForASignedJwtAndCtyOverridesIt() throws Exception {
        String rsa = keygen("rsa.jwk", true, "--alg", "RSA-OAEP-256");
        String plain =
                ok(signet("encrypt", "--key", rsa + ".pub", "hello")).out().strip();
        assertThat(header(plain))
                .doesNotContainKey("cty")
                .containsEntry("alg", "RSA-OAEP-256")
                .containsEntry("kid", Jwk.parse(Files.readString(Path.of(rsa))).keyId());
        String almost =
                ok(signet("encrypt", "--key", rsa + ".pub", "a.b.c")).out().strip();
        assertThat(header(almost)).doesNotContainKey("cty");
        String custom = ok(piped(
                        sign(),
                        "encrypt",
                        "--key",
                        rsa + ".pub",
                        "--cty",
                        "text/plain",
                        "--typ",
                        "secret+jwe",
                        "--kid",
                        "r1"))
                .out()
                .strip();
        assertThat(header(custom))
                .containsEntry("cty", "text/plain")
                .containsEntry("typ", "secret+jwe")
                .containsEntry("kid", "r1");
        assertThat(signet("encrypt", "--help").out()).contains("cty is set to JWT automatically");
    }

    @Test
    void plaintextIsWrittenAsItsExactBytesAndJsonSaysWhatItIs() throws Exception {
        String kw = keygen("kw.jwk", false, "--alg", "A128KW");
        byte[] binary = {0, 1, 2, (byte) 0xff, (byte) 0xfe, '\n', 0x1b, '['};
        Path file = dir.resolve("blob.bin");
        Files.write(file, binary);
        String jwe = ok(signet("encrypt", "--key", kw, "--enc", "A192CBC-HS384", "--zip", "@" + file))
                .out()
                .strip();
        assertThat(header(jwe)).containsEntry("zip", "DEF").containsEntry("enc", "A192CBC-HS384");

        Cli.Run raw = ok(signet("decrypt", "--key", kw, jwe));
        assertThat(raw.rawOut()).isEqualTo(binary);
        Map<String, Object> doc = JsonText.parseObject(
                ok(signet("decrypt", "--key", kw, "--json", jwe)).out());
        assertThat(doc)
                .containsEntry("encoding", "base64url")
                .containsEntry("plaintext", Base64Url.encode(binary))
                .containsEntry("nested", false);

        String text = ok(piped("line one\nline two\n", "encrypt", "--key", kw, "-"))
                .out()
                .strip();
        assertThat(ok(signet("decrypt", "--key", kw, text)).out()).isEqualTo("line one\nline two\n");
        Map<String, Object> t = JsonText.parseObject(
                ok(signet("decrypt", "--key", kw, "--json", text)).out());
        assertThat(t)
                .containsEntry("plaintext", "line one\nline two\n")
                .containsEntry("encoding", "utf-8")
                .containsEntry("nested", false)
                .containsEntry("kid", Jwk.parse(Files.readString(Path.of(kw))).keyId());
        assertThat((Map<String, Object>) t.get("header")).containsEntry("alg", "A128KW");

        String nested = ok(piped(sign(), "encrypt", "--key", kw)).out().strip();
        assertThat(JsonText.parseObject(
                        ok(signet("decrypt", "--key", kw, "--json", nested)).out()))
                .containsEntry("nested", true);
    }

    @Test
    void aWrongKeyIsDecryptionFailedOnOneLine() throws Exception {
        String rsa = keygen("rsa.jwk", true, "--alg", "RSA-OAEP-256", "--kid", "rcpt");
        String other = keygen("other.jwk", false, "--alg", "RSA-OAEP-256", "--kid", "rcpt");
        String jwe = ok(piped(sign(), "encrypt", "--key", rsa + ".pub")).out().strip();
        Cli.Run wrong = signet("decrypt", "--key", other, jwe);
        assertRejected(wrong, "DECRYPTION_FAILED");
        assertThat(wrong.out()).isEmpty();
        assertRejected(
                signet("verify", "--key", verificationKey, "--iss", ISS, "--aud", AUD, "--decrypt-key", other, jwe),
                "DECRYPTION_FAILED");

        String kw = keygen("kw.jwk", false, "--alg", "A256KW", "--kid", "s");
        String kw2 = keygen("kw2.jwk", false, "--alg", "A256KW", "--kid", "s");
        String sym = ok(signet("encrypt", "--key", kw, "secret")).out().strip();
        assertRejected(signet("decrypt", "--key", kw2, sym), "DECRYPTION_FAILED");
        Cli.Run json = signet("decrypt", "--key", kw2, "--json", sym);
        assertRejected(json, "DECRYPTION_FAILED");
        assertThat(JsonText.parseObject(json.out()))
                .containsEntry("decrypted", false)
                .containsEntry("reason", "DECRYPTION_FAILED");

        Cli.Run password = new Cli()
                .env("P", "the wrong password")
                .run(
                        "decrypt",
                        "--key-env",
                        "P",
                        "--alg",
                        "PBES2-HS256+A128KW",
                        ok(new Cli()
                                        .env("P", PASSWORD)
                                        .run(
                                                "encrypt",
                                                "--key-env",
                                                "P",
                                                "--alg",
                                                "PBES2-HS256+A128KW",
                                                "--pbes2-iterations",
                                                "1000",
                                                "x"))
                                .out()
                                .strip());
        assertRejected(password, "DECRYPTION_FAILED");
    }

    @Test
    void algAndEncOutsideTheAllowlistAreAlgNotAllowed() throws Exception {
        String kw = keygen("kw.jwk", false, "--alg", "A256KW");
        String jwe = ok(signet("encrypt", "--key", kw, "--enc", "A128GCM", "secret"))
                .out()
                .strip();
        assertRejected(signet("decrypt", "--key", kw, "--enc", "A256GCM", jwe), "ALG_NOT_ALLOWED");
        ok(signet("decrypt", "--key", kw, "--enc", "A256GCM", "--enc", "A128GCM", jwe));

        // the key's alg is the default allowlist: the same secret used with another alg is refused
        String k = (String) Jwk.parse(Files.readString(Path.of(kw))).members().get("k");
        String gcmkw = ok(new Cli()
                        .env("K", "b64u:" + k)
                        .run("encrypt", "--key-env", "K", "--alg", "A256GCMKW", "secret"))
                .out()
                .strip();
        Cli.Run refused = signet("decrypt", "--key", kw, gcmkw);
        assertRejected(refused, "ALG_NOT_ALLOWED");
        assertThat(refused.errLine()).contains("A256GCMKW").contains("allowed: A256KW");
        // --alg cannot widen what the JWK's own alg allows
        Cli.Run bound = signet("decrypt", "--key", kw, "--alg", "A256GCMKW", gcmkw);
        assertRejected(bound, "ALG_NOT_ALLOWED");
        assertThat(bound.errLine()).contains("forbid unwrapKey with A256GCMKW");
        // the same secret without alg: the algorithms a 256-bit secret fits
        assertThat(ok(new Cli().env("K", "b64u:" + k).run("decrypt", "--key-env", "K", gcmkw))
                        .out())
                .isEqualTo("secret");
    }

    @Test
    void aKeyWithoutAlgAcceptsWhatItsTypeFitsAndAlgNarrowsIt() throws Exception {
        keygen("rsa.pem", true, "--alg", "RSA-OAEP-256", "--pem");
        String pub = dir.resolve("rsa.pem.pub").toString();
        String priv = dir.resolve("rsa.pem").toString();
        String oaep = ok(signet("encrypt", "--key", pub, "--alg", "RSA-OAEP", "hi"))
                .out()
                .strip();
        assertThat(ok(signet("decrypt", "--key", priv, oaep)).out()).isEqualTo("hi");
        assertRejected(signet("decrypt", "--key", priv, "--alg", "RSA-OAEP-256", oaep), "ALG_NOT_ALLOWED");
        assertUsage(signet("encrypt", "--key", pub, "hi"), "name the key management algorithm with --alg");
    }

    @Test
    void tamperedTruncatedGarbageAndMissingInputsGetTheirOwnOneLine() throws Exception {
        String kw = keygen("kw.jwk", false, "--alg", "A256KW");
        String jwe = ok(piped(sign(), "encrypt", "--key", kw)).out().strip();
        String[] parts = jwe.split("\\.", -1);
        char[] ct = parts[3].toCharArray();
        ct[ct.length / 2] = ct[ct.length / 2] == 'A' ? 'B' : 'A';
        String tampered = parts[0] + "." + parts[1] + "." + parts[2] + "." + new String(ct) + "." + parts[4];
        assertRejected(signet("decrypt", "--key", kw, tampered), "DECRYPTION_FAILED");
        String otherTag = parts[0] + "." + parts[1] + "." + parts[2] + "." + parts[3] + "."
                + (parts[4].startsWith("A") ? "B" : "A") + parts[4].substring(1);
        assertRejected(signet("decrypt", "--key", kw, otherTag), "DECRYPTION_FAILED");
        assertRejected(
                signet("verify", "--key", verificationKey, "--iss", ISS, "--aud", AUD, "--decrypt-key", kw, tampered),
                "DECRYPTION_FAILED");

        assertRejected(
                signet("decrypt", "--key", kw, parts[0] + "." + parts[1] + "." + parts[2] + "." + parts[3]),
                "MALFORMED");
        String shortTag = Base64Url.encode(java.util.Arrays.copyOf(Base64Url.decode(parts[4]), 12));
        assertRejected(
                signet(
                        "decrypt",
                        "--key",
                        kw,
                        parts[0] + "." + parts[1] + "." + parts[2] + "." + parts[3] + "." + shortTag),
                "DECRYPTION_FAILED");
        assertRejected(signet("decrypt", "--key", kw, jwe.substring(0, jwe.length() - 5)), "MALFORMED");
        assertRejected(
                new Cli()
                        .stdin(new byte[] {(byte) 0xc3, 0x28, 0, 7, (byte) 0xff})
                        .run("decrypt", "--key", kw),
                "MALFORMED");
        assertRejected(signet("decrypt", "--key", kw, "not a token"), "MALFORMED");
        Cli.Run jws = signet("decrypt", "--key", kw, sign().strip());
        assertRejected(jws, "MALFORMED");
        assertThat(jws.errLine()).contains("nothing to decrypt");

        Path tokenFile = dir.resolve("t.jwe");
        Files.writeString(tokenFile, jwe + "\n");
        assertThat(ok(signet("decrypt", "--key", kw, "@" + tokenFile)).out()).startsWith("eyJ");
        assertUsage(signet("decrypt", "--key", kw, "@" + dir.resolve("nope.jwe")), "no such file");
        assertUsage(signet("decrypt", "--key", dir.resolve("nope.jwk").toString(), jwe), "no such file");
        assertUsage(signet("encrypt", "--key", dir.resolve("nope.jwk").toString(), "x"), "no such file");
        assertUsage(signet("encrypt", "--key", kw, "@" + dir.resolve("nope.txt")), "no such file");
        assertUsage(signet("encrypt", "--key", kw), "nothing to encrypt");
        assertUsage(signet("decrypt", "--key", kw), "no token");
    }

    @Test
    void aSigningKeyNeverEncryptsNorDecrypts() throws Exception {
        String kw = keygen("kw.jwk", false, "--alg", "A256KW");
        String jwe = ok(piped(sign(), "encrypt", "--key", kw)).out().strip();
        Cli.Run dec = signet("decrypt", "--key", signingKey, jwe);
        assertUsage(dec, "is a signing key (alg ES256)");
        assertThat(dec.errLine()).contains("signet keygen --alg");
        assertUsage(
                signet(
                        "verify",
                        "--key",
                        verificationKey,
                        "--iss",
                        ISS,
                        "--aud",
                        AUD,
                        "--decrypt-key",
                        signingKey,
                        jwe),
                "is a signing key");
        assertUsage(signet("encrypt", "--key", verificationKey, "--alg", "ECDH-ES+A256KW", "x"), "is a signing key");
        String hmac = keygen("hs.jwk", false, "--alg", "HS256");
        assertUsage(signet("decrypt", "--key", hmac, jwe), "is a signing key (alg HS256)");
        // a public key cannot decrypt
        String p256 = keygen("p256.jwk", true, "--alg", "ECDH-ES+A256KW");
        assertUsage(signet("decrypt", "--key", p256 + ".pub", jwe), "holds only public keys");
    }

    @Test
    void verifyWithoutADecryptionKeySaysHowToOpenAJwe() throws Exception {
        String kw = keygen("kw.jwk", false, "--alg", "A256KW");
        String jwe = ok(piped(sign(), "encrypt", "--key", kw)).out().strip();
        Cli.Run run = signet("verify", "--key", verificationKey, "--iss", ISS, "--aud", AUD, jwe);
        assertUsage(run, "the token is encrypted (a JWE, 5 parts): pass --decrypt-key FILE");
        assertThat(run.out()).isEmpty();
        assertUsage(
                signet("verify", "--key", verificationKey, "--iss", ISS, "--aud", AUD, "--enc", "A256GCM", jwe),
                "go with --decrypt-key");
        // with --decrypt-key, a signed JWT that is not encrypted is verified as usual
        ok(signet("verify", "--key", verificationKey, "--iss", ISS, "--aud", AUD, "--decrypt-key", kw, sign().strip()));
    }

    @Test
    void verifyReadsTheDecryptionKeyOnceEvenFromStandardInput() throws Exception {
        String kw = keygen("kw.jwk", false, "--alg", "A256KW");
        String jwe = ok(piped(sign(), "encrypt", "--key", kw)).out().strip();
        // Standard input can be read only once: a second read of the key would find it empty.
        ok(piped(
                Files.readString(Path.of(kw)),
                "verify",
                "--key",
                verificationKey,
                "--iss",
                ISS,
                "--aud",
                AUD,
                "--decrypt-key",
                "-",
                jwe));
        ok(piped(
                Files.readString(Path.of(verificationKey)),
                "verify",
                "--key",
                "-",
                "--iss",
                ISS,
                "--aud",
                AUD,
                "--decrypt-key",
                kw,
                jwe));
    }

    @Test
    void encryptedClaimsWithoutASignatureAreNotSigned() throws Exception {
        String kw = keygen("kw.jwk", false, "--alg", "A256KW");
        String claims = "{\"iss\":\"" + ISS + "\",\"aud\":\"" + AUD + "\",\"exp\":"
                + (System.currentTimeMillis() / 1000 + 600) + "}";
        String forged =
                ok(signet("encrypt", "--key", kw, "--cty", "JWT", claims)).out().strip();
        assertRejected(
                signet("verify", "--key", verificationKey, "--iss", ISS, "--aud", AUD, "--decrypt-key", kw, forged),
                "NOT_SIGNED");
        // the inner token faces every check: a token for another audience is still WRONG_AUDIENCE
        String other = ok(signet("sign", "--key", signingKey, "--iss", ISS, "--aud", "other"))
                .out();
        String nested = ok(piped(other, "encrypt", "--key", kw)).out().strip();
        assertRejected(
                signet("verify", "--key", verificationKey, "--iss", ISS, "--aud", AUD, "--decrypt-key", kw, nested),
                "WRONG_AUDIENCE");
        String expired = ok(signet("sign", "--key", signingKey, "--iss", ISS, "--aud", AUD, "--exp=-10m"))
                .out();
        assertRejected(
                signet(
                        "verify",
                        "--key",
                        verificationKey,
                        "--iss",
                        ISS,
                        "--aud",
                        AUD,
                        "--decrypt-key",
                        kw,
                        ok(piped(expired, "encrypt", "--key", kw)).out().strip()),
                "EXPIRED");
    }

    @Test
    void rsa15OnlyWithItsLoudFlagOnBothSides() throws Exception {
        keygen("rsa.pem", true, "--alg", "RSA-OAEP-256", "--pem");
        String pub = dir.resolve("rsa.pem.pub").toString();
        String priv = dir.resolve("rsa.pem").toString();
        assertUsage(signet("encrypt", "--key", pub, "--alg", "RSA1_5", "x"), "--insecure-allow-rsa1_5");
        Cli.Run enc = ok(signet("encrypt", "--key", pub, "--alg", "RSA1_5", "--insecure-allow-rsa1_5", "x"));
        assertThat(enc.err()).contains("warning: RSA1_5 is insecure");
        String jwe = enc.out().strip();
        assertRejected(signet("decrypt", "--key", priv, jwe), "ALG_NOT_ALLOWED");
        assertUsage(signet("decrypt", "--key", priv, "--alg", "RSA1_5", jwe), "--insecure-allow-rsa1_5");
        assertThat(ok(signet("decrypt", "--key", priv, "--alg", "RSA1_5", "--insecure-allow-rsa1_5", jwe))
                        .out())
                .isEqualTo("x");
        assertUsage(signet("keygen", "--alg", "RSA1_5"), "RSA-OAEP-256");
    }

    @Test
    void pbes2PasswordFromAFileOrTheEnvironmentNeverTheCommandLine() throws Exception {
        Path file = dir.resolve("password.txt");
        Files.writeString(file, PASSWORD + "\n");
        String jwe = ok(signet("encrypt", "--key", file.toString(), "--alg", "PBES2-HS512+A256KW", "notes"))
                .out()
                .strip();
        assertThat(header(jwe)).containsEntry("alg", "PBES2-HS512+A256KW").containsEntry("p2c", 600_000L);
        assertThat(ok(new Cli()
                                .env("PW", PASSWORD)
                                .run("decrypt", "--key-env", "PW", "--alg", "PBES2-HS512+A256KW", jwe))
                        .out())
                .isEqualTo("notes");
        // without --alg a password is not taken for a key of any algorithm
        assertUsage(new Cli().env("PW", PASSWORD).run("decrypt", "--key-env", "PW", jwe), "--alg PBES2");
        assertUsage(
                signet(
                        "encrypt",
                        "--key",
                        file.toString(),
                        "--alg",
                        "PBES2-HS256+A128KW",
                        "--pbes2-iterations",
                        "999",
                        "x"),
                "at least 1000");
        // a text file is a password only for PBES2: anywhere else it must be a key
        assertUsage(signet("encrypt", "--key", file.toString(), "--alg", "A256KW", "x"), "neither a JWK");
        assertUsage(signet("keygen", "--alg", "PBES2-HS256+A128KW"), "--key-env");
    }

    @Test
    void keygenMakesEncryptionKeysWithUseEncAndTheThumbprintAsKid() throws Exception {
        for (String[] c : new String[][] {
            {"RSA-OAEP-256", "RSA", null},
            {"ECDH-ES+A256KW", "EC", "P-256"},
            {"ECDH-ES", "OKP", "X25519"},
            {"ECDH-ES+A128KW", "OKP", "X448"},
            {"A192KW", "oct", null},
            {"A128GCMKW", "oct", null}
        }) {
            Cli.Run run = c[2] == null || c[2].equals("P-256")
                    ? ok(signet("keygen", "--alg", c[0]))
                    : ok(signet("keygen", "--alg", c[0], "--curve", c[2]));
            Jwk key = Jwk.parse(run.out());
            assertThat(key.algorithm()).isEqualTo(c[0]);
            assertThat(key.use()).isEqualTo("enc");
            assertThat(key.keyId()).isEqualTo(key.thumbprint());
            assertThat(key.keyType().identifier()).isEqualTo(c[1]);
            if (c[2] != null) {
                assertThat(key.curve().identifier()).isEqualTo(c[2]);
            }
        }
        assertThat(Jwk.parse(ok(signet("keygen", "--alg", "A192KW")).out()).sizeBits())
                .isEqualTo(192);
        Jwk dirKey = Jwk.parse(
                ok(signet("keygen", "--alg", "dir", "--enc", "A256CBC-HS512")).out());
        assertThat(dirKey.sizeBits()).isEqualTo(512);
        assertThat(dirKey.algorithm()).isEqualTo("A256CBC-HS512");
        assertThat(Jwk.parse(ok(signet("keygen", "--alg", "dir")).out()).algorithm())
                .isEqualTo("A256GCM");
        assertUsage(signet("keygen", "--alg", "RSA-OAEP-256", "--enc", "A256GCM"), "--enc is for dir keys only");
        assertUsage(signet("keygen", "--alg", "ECDH-ES", "--curve", "Ed25519"), "does not serve ECDH-ES");
        assertUsage(signet("keygen", "--alg", "A256KW", "--curve", "P-256"), "--curve is for ECDH-ES keys");
        assertUsage(signet("keygen", "--alg", "ES256", "--curve", "P-384"), "--curve is for encryption keys");
        assertUsage(
                signet(
                        "keygen",
                        "--alg",
                        "A256KW",
                        "--public-out",
                        dir.resolve("x").toString()),
                "no public half");
    }

    @Test
    void aJwkSetRecipientIsPickedByKidOrByAlg() throws Exception {
        Jwk a = Jwk.parse(
                ok(signet("keygen", "--alg", "ECDH-ES+A256KW", "--kid", "a")).out());
        Jwk b = Jwk.parse(
                ok(signet("keygen", "--alg", "RSA-OAEP-256", "--kid", "b")).out());
        Jwk s = Jwk.parse(ok(signet("keygen", "--alg", "ES256", "--kid", "s")).out());
        Path pubSet = dir.resolve("set.pub.json");
        Files.writeString(
                pubSet,
                "{\"keys\":[" + a.toPublicJwk().toJson() + "," + b.toPublicJwk().toJson() + ","
                        + s.toPublicJwk().toJson() + "]}");
        Path privSet = dir.resolve("set.json");
        Files.writeString(privSet, "{\"keys\":[" + a.toJson() + "," + b.toJson() + "," + s.toJson() + "]}");
        assertUsage(signet("encrypt", "--key", pubSet.toString(), "x"), "choose one with --kid");
        String toB = ok(signet("encrypt", "--key", pubSet.toString(), "--kid", "b", "x"))
                .out()
                .strip();
        assertThat(header(toB)).containsEntry("kid", "b").containsEntry("alg", "RSA-OAEP-256");
        String toA = ok(signet("encrypt", "--key", pubSet.toString(), "--alg", "ECDH-ES+A256KW", "y"))
                .out()
                .strip();
        assertThat(header(toA)).containsEntry("kid", "a");
        assertUsage(signet("encrypt", "--key", pubSet.toString(), "--kid", "s", "x"), "has no encryption key");
        assertThat(ok(signet("decrypt", "--key", privSet.toString(), toB)).out())
                .isEqualTo("x");
        assertThat(ok(signet("decrypt", "--key", privSet.toString(), toA)).out())
                .isEqualTo("y");
    }

    @Test
    void plaintextForATerminalHasItsControlCharactersEscaped() {
        assertThat(DecryptCommand.terminalSafe("a\u001b[31mred\tb\nc\u202e")).isEqualTo("a\\u001b[31mred\tb\nc\\u202e");
    }
}
