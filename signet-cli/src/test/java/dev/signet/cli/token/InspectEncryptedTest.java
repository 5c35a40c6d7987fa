package dev.signet.cli.token;

import static dev.signet.cli.Cli.signet;
import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.cli.Cli;
import dev.signet.cli.io.JsonText;
import dev.signet.jose.Base64Url;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code signet inspect} on JWE: the protected header, and warnings about how the token was encrypted. */
class InspectEncryptedTest {

    private static final String SECRET = "b64u:" + Base64Url.encode(new byte[32]);

    /** The warning codes of {@code inspect --json} on {@code token}. */
    private static List<String> codes(String token) throws Exception {
        Cli.Run run = signet("inspect", "--json", token);
        assertThat(run.exitCode()).as(run.err()).isZero();
        List<String> codes = new ArrayList<>();
        for (Object w : (List<?>) JsonText.parseObject(run.out()).get("warnings")) {
            codes.add((String) ((Map<?, ?>) w).get("code"));
        }
        return codes;
    }

    /** A JWE-shaped token with this protected header (nothing in it decrypts). */
    private static String jwe(String headerJson) {
        return Base64Url.encode(headerJson) + ".a2V5.aXZpdml2aXZpdml2.Y2lwaGVydGV4dA.dGFndGFndGFndGFndGFn";
    }

    private static String encrypt(String... options) {
        List<String> args = new ArrayList<>(List.of("encrypt", "--key-env", "K", "--kid", "k1"));
        args.addAll(List.of(options));
        args.add("payload");
        Cli.Run run = new Cli().env("K", SECRET).run(args.toArray(new String[0]));
        assertThat(run.exitCode()).as(run.err()).isZero();
        return run.out().strip();
    }

    @Test
    void aWellMadeJweHasNoWarningsAndANestedOneSaysHowToOpenIt() throws Exception {
        assertThat(codes(encrypt("--alg", "A256KW"))).isEmpty();
        assertThat(codes(encrypt("--alg", "PBES2-HS256+A128KW"))).isEmpty();
        String nested = jwe("{\"alg\":\"ECDH-ES+A256KW\",\"enc\":\"A256GCM\",\"kid\":\"r\",\"cty\":\"JWT\"}");
        Cli.Run run = signet("inspect", nested);
        assertThat(run.out())
                .contains("JWE (encrypted)")
                .contains("cty JWT: a nested JWT")
                .contains("signet verify --decrypt-key")
                .contains("No warnings.");
        assertThat(signet("inspect", encrypt("--alg", "A256KW")).out()).doesNotContain("nested JWT");
    }

    @Test
    void aMissingKidIsExplainedForARecipient() throws Exception {
        Cli.Run run = signet("inspect", jwe("{\"alg\":\"RSA-OAEP-256\",\"enc\":\"A256GCM\"}"));
        assertThat(run.out())
                .contains("NO_KID")
                .contains("which one the token was encrypted to")
                .doesNotContain("signed it");
    }

    @Test
    void rsa15IsFlagged() throws Exception {
        assertThat(codes(jwe("{\"alg\":\"RSA1_5\",\"enc\":\"A128CBC-HS256\",\"kid\":\"r\"}")))
                .containsExactly("ALG_RSA1_5");
    }

    @Test
    void pbes2CountsBelowTheFloorOrAboveTheDecryptersMaximumAreFlagged() throws Exception {
        assertThat(codes(encrypt("--alg", "PBES2-HS256+A128KW", "--pbes2-iterations", "1000")))
                .containsExactly("PBES2_LOW_COUNT");
        assertThat(codes(encrypt("--alg", "PBES2-HS512+A256KW", "--pbes2-iterations", "209999")))
                .containsExactly("PBES2_LOW_COUNT");
        assertThat(codes(encrypt("--alg", "PBES2-HS512+A256KW", "--pbes2-iterations", "210000")))
                .isEmpty();
        String h = "{\"alg\":\"PBES2-HS256+A128KW\",\"enc\":\"A128GCM\",\"kid\":\"p\",\"p2s\":\"c2FsdHNhbHQ\",\"p2c\":";
        assertThat(codes(jwe(h + "600000}"))).isEmpty();
        assertThat(codes(jwe(h + "600001}"))).containsExactly("PBES2_COUNT_TOO_HIGH");
        assertThat(codes(jwe(h + "2147483648}"))).containsExactly("PBES2_COUNT_TOO_HIGH");
        assertThat(codes(jwe(h + "99999999999999999999999}"))).containsExactly("PBES2_COUNT_TOO_HIGH");
        assertThat(codes(jwe(h + "\"600000\"}"))).containsExactly("PBES2_BAD_COUNT");
        Cli.Run run = signet("inspect", jwe(h + "2147483648}"));
        assertThat(run.out()).contains("PBES2_COUNT_TOO_HIGH").contains("over 600000");
    }

    @Test
    void compressionIsFlagged() throws Exception {
        assertThat(codes(encrypt("--alg", "A256KW", "--zip"))).containsExactly("COMPRESSED");
        assertThat(signet("inspect", encrypt("--alg", "A256KW", "--zip")).out()).contains("CRIME");
    }

    @Test
    void unknownAlgAndEncAreFlaggedAndEscaped() throws Exception {
        assertThat(codes(jwe("{\"alg\":\"RSA-OAEP-1\",\"enc\":\"A256GCM\",\"kid\":\"r\"}")))
                .containsExactly("ALG_UNKNOWN");
        assertThat(codes(jwe("{\"alg\":\"dir\",\"enc\":\"ROT13\",\"kid\":\"r\"}")))
                .containsExactly("ENC_UNKNOWN");
        assertThat(codes(jwe("{\"alg\":\"dir\",\"kid\":\"r\"}"))).containsExactly("ENC_UNKNOWN");
        Cli.Run run = signet("inspect", jwe("{\"alg\":\"x\\u001b[2J\",\"enc\":\"A256GCM\",\"kid\":\"r\"}"));
        assertThat(run.out()).contains("ALG_UNKNOWN").contains("\\u001b[2J").doesNotContain("\u001b");
    }
}
