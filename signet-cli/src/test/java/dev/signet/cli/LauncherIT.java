package dev.signet.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.signet.jose.Jwk;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code ./signet} launcher on the shaded jar, as a user runs it: real processes, real pipes,
 * real environment variables and exit codes. Run by maven-failsafe after {@code package}, which
 * passes the jar and the launcher; skipped when run without them (e.g. from surefire with -Dtest).
 */
class LauncherIT {

    static Path launcher;
    static Path jar;

    @TempDir
    Path dir;

    /** One finished process. */
    record Result(int exitCode, String out, String err) {}

    @BeforeAll
    static void locate() {
        String l = System.getProperty("signet.launcher");
        String j = System.getProperty("signet.jar");
        assumeTrue(l != null && j != null, "run by maven-failsafe after package");
        launcher = Path.of(l).toAbsolutePath().normalize();
        jar = Path.of(j).toAbsolutePath().normalize();
        assertThat(jar).exists();
        assertThat(launcher).isExecutable();
    }

    /** Runs {@code bash -c script} in the temp dir with {@code $SIGNET} set to the launcher. */
    private Result sh(String script, String stdin, Map<String, String> env) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", "set -o pipefail; " + script).directory(dir.toFile());
        pb.environment().put("SIGNET", launcher.toString());
        pb.environment().put("SIGNET_JAR", jar.toString());
        pb.environment().remove("SIGNET_DEBUG");
        pb.environment().remove("SIGNET_CRYPTO_PROVIDER");
        pb.environment().putAll(env);
        Path out = dir.resolve(".out");
        Path err = dir.resolve(".err");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile());
        Process p = pb.start();
        p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("finished: " + script).isTrue();
        return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    private Result sh(String script) throws Exception {
        return sh(script, "", Map.of());
    }

    private static List<String> lines(String text) {
        List<String> l = new ArrayList<>();
        for (String s : text.split("\n", -1)) {
            if (!s.isBlank()) {
                l.add(s);
            }
        }
        return l;
    }

    @Test
    void keygenSignPipedIntoVerifyThenInspect() throws Exception {
        Result r = sh("$SIGNET keygen --alg ES256 --out k.jwk --public-out k.pub.jwk 2>/dev/null"
                + " && $SIGNET sign --key k.jwk --iss https://auth.example.com --aud api --sub alice --exp 10m"
                + " | tee token.txt"
                + " | $SIGNET verify --key k.pub.jwk --iss https://auth.example.com --aud api -");

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("\"sub\": \"alice\"").doesNotContain("\u001b[");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("k.jwk"))))
                .isEqualTo("rw-------");
        assertThat(Jwk.parse(Files.readString(dir.resolve("k.pub.jwk"))).isPrivate())
                .isFalse();

        Result inspect = sh("$SIGNET inspect @token.txt");
        assertThat(inspect.exitCode()).isZero();
        assertThat(inspect.out())
                .contains("JWS (signed)")
                .containsPattern("expires in (10m|9m\\d+s)")
                .contains("No warnings.");
    }

    @Test
    void rejectionIsExitOneAndOneStderrLineWithTheReason() throws Exception {
        Result r = sh("$SIGNET keygen --alg EdDSA --out k.jwk --public-out k.pub.jwk 2>/dev/null"
                + " && $SIGNET sign --key k.jwk --iss i --aud api --exp=-10m > t"
                + " && $SIGNET verify --key k.pub.jwk --iss i --aud api @t");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.out()).isEmpty();
        assertThat(lines(r.err())).hasSize(1);
        assertThat(r.err()).startsWith("EXPIRED: token expired at ").contains("skew 60s");

        Result aud =
                sh("$SIGNET sign --key k.jwk --iss i --aud api | $SIGNET verify --key k.pub.jwk --iss i --aud other");
        assertThat(aud.exitCode()).isEqualTo(1);
        assertThat(lines(aud.err()))
                .containsExactly("WRONG_AUDIENCE: expected aud to contain \"other\", found [\"api\"]");
    }

    @Test
    void hmacSecretFromAnEnvironmentVariableNeverOnTheCommandLine() throws Exception {
        Map<String, String> env = Map.of("SIGNET_SECRET", "a development secret of more than 32 bytes");
        Result r = sh(
                "$SIGNET sign --key-env SIGNET_SECRET --iss dev --aud api"
                        + " | $SIGNET verify --key-env SIGNET_SECRET --iss dev --aud api --alg HS256 --json",
                "",
                env);
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("\"valid\": true").contains("\"alg\": \"HS256\"");
    }

    @Test
    void badInputGetsOneClearLineAndTheDocumentedExitCode() throws Exception {
        Result garbage = sh("head -c 64 /dev/urandom | $SIGNET inspect -");
        assertThat(garbage.exitCode()).isEqualTo(1);
        assertThat(lines(garbage.err())).hasSize(1);
        assertThat(garbage.err()).startsWith("MALFORMED: ");

        Result empty = sh("$SIGNET inspect - < /dev/null");
        assertThat(empty.exitCode()).isEqualTo(2);
        assertThat(lines(empty.err())).hasSize(1);

        Result missing = sh("$SIGNET verify --key nope.jwk --iss i --aud a x.y.z");
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(lines(missing.err())).containsExactly("signet verify: no such file: nope.jwk (the key)");

        Result noIssuer = sh("$SIGNET verify --key nope.jwk --aud a x.y.z");
        assertThat(noIssuer.exitCode()).isEqualTo(2);
        assertThat(noIssuer.err())
                .contains("refusing to verify without an expected issuer")
                .doesNotContain("\tat ");

        Result debug = sh("$SIGNET --debug verify --key nope.jwk --iss i --aud a x.y.z");
        assertThat(debug.err()).contains("\tat dev.signet.cli.");
    }

    @Test
    void versionNamesTheProviderAndTheArchiveIsUsedOrIgnoredSafely() throws Exception {
        Result v = sh("$SIGNET version");
        assertThat(v.exitCode()).as(v.err()).isZero();
        assertThat(v.out())
                .contains("Signet  ")
                .containsPattern("Crypto  (AmazonCorrettoCryptoProvider|JDK providers)");
        Path jsa = Path.of(jar.toString().replaceAll("\\.jar$", ".jsa"));
        assertThat(jsa).exists();

        Result jdk = sh("SIGNET_CRYPTO_PROVIDER=jdk $SIGNET version");
        assertThat(jdk.out()).contains("Crypto  JDK providers");

        Result noCds = sh("SIGNET_CDS=off $SIGNET inspect --json "
                + "eyJhbGciOiJFUzI1NiIsImtpZCI6ImsifQ.eyJpc3MiOiJpIiwiYXVkIjoiYSIsImV4cCI6MX0.c2ln");
        assertThat(noCds.exitCode()).isZero();
        assertThat(noCds.out()).contains("\"EXPIRED\"");
    }

    /**
     * The server archive holds what its training run loads, and every server process maps all of it:
     * the run must serve tokens and load neither the JDK's HTTP client, TLS, nor picocli, which a
     * plain {@code signet server} start never uses.
     */
    @Test
    void serverTrainingRunLoadsNoClientTlsOrPicocliClasses() throws Exception {
        Result r = sh("\"${JAVA_HOME:+$JAVA_HOME/bin/}java\" -Xlog:class+load=info:stdout:uptime -cp \"$SIGNET_JAR\" "
                + "dev.signet.cli.ServerCdsTraining");
        assertThat(r.exitCode()).as(r.err()).isZero();
        List<String> loaded = lines(r.out());
        assertThat(loaded).as("classes loaded").anyMatch(l -> l.contains(" dev.signet.server.oauth.TokenService "));
        // (picocli's exception types are loaded: the direct path's code refers to them)
        assertThat(loaded)
                .noneMatch(l -> l.contains(" java.net.http.")
                        || l.contains(" jdk.internal.net.http.")
                        || l.contains(" sun.security.ssl.SSLContextImpl")
                        || l.contains(" picocli.CommandLine ")
                        || l.contains(" picocli.CommandLine$Help"));
    }

    @Test
    void colourOnATerminalOnlyAndNeverWithNoColor() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/script")), "util-linux script gives the run a terminal");
        String token = "eyJhbGciOiJFUzI1NiIsImtpZCI6ImsifQ.eyJpc3MiOiJpIiwiYXVkIjoiYSIsImV4cCI6MX0.c2ln";
        Result tty = sh("script -qec '$SIGNET inspect " + token + "' /dev/null");
        assertThat(tty.exitCode()).as(tty.err()).isZero();
        assertThat(tty.out()).contains("\u001b[34m\"alg\"\u001b[0m");
        Result noColor = sh("NO_COLOR=1 script -qec '$SIGNET inspect " + token + "' /dev/null");
        assertThat(noColor.out()).contains("\"alg\"").doesNotContain("\u001b[");
        Result piped = sh("$SIGNET inspect " + token + " | cat");
        assertThat(piped.out()).contains("\"alg\"").doesNotContain("\u001b[");
    }

    @Test
    void completionScriptLoadsInBash() throws Exception {
        Result r = sh("source <($SIGNET completion bash) && complete -p signet");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("signet");
    }

    @Test
    void signEncryptDecryptVerifyThroughPipes() throws Exception {
        Result r = sh("$SIGNET keygen --alg ES256 --out k.jwk --public-out k.pub.jwk 2>/dev/null"
                + " && $SIGNET keygen --alg RSA-OAEP-256 --out rcpt.jwk --public-out rcpt.pub.jwk 2>/dev/null"
                + " && $SIGNET sign --key k.jwk --iss https://auth.example.com --aud api --sub alice | tee jwt.txt"
                + " | $SIGNET encrypt --key rcpt.pub.jwk --enc A256GCM | tee token.jwe"
                + " | $SIGNET decrypt --key rcpt.jwk | tee decrypted.txt"
                + " | $SIGNET verify --key k.pub.jwk --iss https://auth.example.com --aud api -");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("\"sub\": \"alice\"");
        assertThat(Files.readString(dir.resolve("decrypted.txt")))
                .isEqualTo(Files.readString(dir.resolve("jwt.txt")).strip());
        assertThat(Files.readString(dir.resolve("token.jwe")).strip().split("\\."))
                .hasSize(5);

        Result nested = sh("$SIGNET verify --decrypt-key rcpt.jwk --key k.pub.jwk --iss https://auth.example.com"
                + " --aud api --json @token.jwe");
        assertThat(nested.exitCode()).as(nested.err()).isZero();
        assertThat(nested.out()).contains("\"valid\": true").contains("\"cty\": \"JWT\"");

        Result inspect = sh("$SIGNET inspect @token.jwe");
        assertThat(inspect.exitCode()).isZero();
        assertThat(inspect.out()).contains("JWE (encrypted)").contains("nested JWT");

        Result plain = sh("$SIGNET verify --key k.pub.jwk --iss https://auth.example.com --aud api @token.jwe");
        assertThat(plain.exitCode()).isEqualTo(2);
        assertThat(lines(plain.err())).hasSize(1);
        assertThat(plain.err()).contains("pass --decrypt-key FILE");
    }

    @Test
    void encryptionFamiliesAndPasswordsFromTheEnvironment() throws Exception {
        Result ecdh = sh("$SIGNET keygen --alg ECDH-ES+A256KW --curve X25519 --out x.jwk --public-out x.pub.jwk"
                + " 2>/dev/null && printf 'hello\\n' | $SIGNET encrypt --key x.pub.jwk | $SIGNET decrypt --key x.jwk");
        assertThat(ecdh.exitCode()).as(ecdh.err()).isZero();
        assertThat(ecdh.out()).isEqualTo("hello\n");

        Map<String, String> env = Map.of("SIGNET_PASSWORD", "correct horse battery staple");
        Result pbes2 = sh(
                "$SIGNET encrypt --key-env SIGNET_PASSWORD --alg PBES2-HS256+A128KW 'my notes'"
                        + " | $SIGNET decrypt --key-env SIGNET_PASSWORD --alg PBES2-HS256+A128KW --json",
                "",
                env);
        assertThat(pbes2.exitCode()).as(pbes2.err()).isZero();
        assertThat(pbes2.out()).contains("\"plaintext\": \"my notes\"").contains("\"p2c\": 600000");

        Result dirKey = sh("$SIGNET keygen --alg dir --enc A128CBC-HS256 > d.jwk && head -c 300 /dev/urandom > blob"
                + " && $SIGNET encrypt --key d.jwk --zip @blob | $SIGNET decrypt --key d.jwk > out.bin &&"
                + " cmp blob out.bin");
        assertThat(dirKey.exitCode()).as(dirKey.err()).isZero();
    }

    @Test
    void decryptionRejectionsAreExitOneAndOneLine() throws Exception {
        Result setup = sh("$SIGNET keygen --alg A256KW --kid s --out a.jwk 2>/dev/null"
                + " && $SIGNET keygen --alg A256KW --kid s --out b.jwk 2>/dev/null"
                + " && $SIGNET keygen --alg ES256 --out sig.jwk 2>/dev/null"
                + " && $SIGNET encrypt --key a.jwk secret > t.jwe");
        assertThat(setup.exitCode()).as(setup.err()).isZero();

        Result wrong = sh("$SIGNET decrypt --key b.jwk @t.jwe");
        assertThat(wrong.exitCode()).isEqualTo(1);
        assertThat(wrong.out()).isEmpty();
        assertThat(lines(wrong.err())).hasSize(1);
        assertThat(wrong.err()).startsWith("DECRYPTION_FAILED: ");

        Result enc = sh("$SIGNET decrypt --key a.jwk --enc A128GCM @t.jwe");
        assertThat(enc.exitCode()).isEqualTo(1);
        assertThat(lines(enc.err())).hasSize(1);
        assertThat(enc.err()).startsWith("ALG_NOT_ALLOWED: enc \"A256GCM\" is not allowed");

        Result garbage = sh("head -c 64 /dev/urandom | $SIGNET decrypt --key a.jwk -");
        assertThat(garbage.exitCode()).isEqualTo(1);
        assertThat(lines(garbage.err())).hasSize(1);
        assertThat(garbage.err()).startsWith("MALFORMED: ");

        Result truncated = sh("cut -d. -f1-4 t.jwe | $SIGNET decrypt --key a.jwk");
        assertThat(truncated.exitCode()).isEqualTo(1);
        assertThat(truncated.err()).startsWith("MALFORMED: ");

        Result missing = sh("$SIGNET decrypt --key nope.jwk @t.jwe");
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(lines(missing.err())).containsExactly("signet decrypt: no such file: nope.jwk (the key)");

        Result signing = sh("$SIGNET decrypt --key sig.jwk @t.jwe");
        assertThat(signing.exitCode()).isEqualTo(2);
        assertThat(lines(signing.err())).hasSize(1);
        assertThat(signing.err()).contains("is a signing key (alg ES256)").doesNotContain("\tat ");
    }

    /** Starts {@code signet server} on a free port in the background; the script that follows has {@code $URL}. */
    private static final String SERVER = "$SIGNET --crypto-provider jdk server --port 0 --data data > server.out"
            + " 2> server.err & pid=$!; trap 'kill $pid; wait $pid' EXIT;"
            + " for i in $(seq 600); do grep -q 'ready in' server.out && break; sleep 0.1; done;"
            + " URL=$(grep -o 'on http://127.0.0.1:[0-9]*' server.out | cut -c4-); export SIGNET_ADMIN_SERVER=$URL;"
            + " ADMIN=\"$SIGNET admin --credential-file data/admin-credential\"; ";

    @Test
    void adminCreatesAClientWhoseTokenVerifiesUntilItsKeyIsRevoked() throws Exception {
        Result r = sh(SERVER
                + "$ADMIN clients create svc --audience api --scope read > secret.txt 2> note.txt"
                + " && curl -sf -u svc:$(cat secret.txt) -d grant_type=client_credentials $URL/tenants/default/token"
                + " | sed 's/.*\"access_token\":\"\\([^\"]*\\)\".*/\\1/' > token.txt"
                + " && $SIGNET verify --key $URL/tenants/default/jwks --iss $URL/tenants/default --aud api --typ at+jwt"
                + " @token.txt > claims.json"
                + " && kid=$($ADMIN keys list | awk '$2 == \"active\" {print $1}')"
                + " && $ADMIN keys revoke $kid --yes > revoked.txt"
                + " && { $SIGNET verify --key $URL/tenants/default/jwks --iss $URL/tenants/default --aud api"
                + " @token.txt;"
                + " echo \"after revocation: $?\"; }");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(Files.readString(dir.resolve("secret.txt"))).matches("[A-Za-z0-9_-]{43}\n");
        assertThat(Files.readString(dir.resolve("note.txt"))).contains("will not be shown again");
        assertThat(Files.readString(dir.resolve("claims.json"))).contains("\"client_id\": \"svc\"");
        assertThat(Files.readString(dir.resolve("revoked.txt"))).startsWith("revoked key ");
        assertThat(r.out()).contains("after revocation: 1");
        assertThat(r.err()).contains("KEY_NOT_FOUND");
    }

    @Test
    void adminFailuresAreExitTwoAndOneLine() throws Exception {
        Result refused = sh(SERVER + "SIGNET_ADMIN_TOKEN=wrong $SIGNET admin tenants list");
        assertThat(refused.exitCode()).isEqualTo(2);
        assertThat(lines(refused.err())).hasSize(1);
        assertThat(refused.err()).startsWith("signet admin tenants list: the admin credential was refused; ");

        Result down = sh("SIGNET_ADMIN_TOKEN=x $SIGNET admin --server http://127.0.0.1:1 keys list");
        assertThat(down.exitCode()).isEqualTo(2);
        assertThat(lines(down.err())).hasSize(1);
        assertThat(down.err()).contains("cannot reach http://127.0.0.1:1").contains("is `signet server` running?");
    }
}
