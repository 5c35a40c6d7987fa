package dev.signet.cli.token;

import static dev.signet.cli.Cli.signet;
import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.cli.Cli;
import dev.signet.jose.Base64Url;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** inspect and verify answer every input with a verdict or a usage error, never an internal error. */
class InspectRobustnessTest {

    private static final String[] FRAGMENTS = {
        "{",
        "}",
        "[",
        "]",
        "\"",
        ":",
        ",",
        "\"alg\"",
        "\"exp\"",
        "\"aud\"",
        "\"none\"",
        "1e999",
        "-0",
        "null",
        "true",
        "\\u0000",
        "\\ud800",
        "\u00e9",
        "99999999999999999999999",
        " ",
        "\"kid\"",
        "{\"a\":",
        "1.5",
        "\"iss\"",
        "\"http://x\""
    };

    private static String garbageJson(Random r) {
        StringBuilder sb = new StringBuilder();
        int n = r.nextInt(12);
        for (int i = 0; i < n; i++) {
            sb.append(FRAGMENTS[r.nextInt(FRAGMENTS.length)]);
        }
        return sb.toString();
    }

    private static String part(Random r) {
        switch (r.nextInt(4)) {
            case 0 -> {
                return Base64Url.encode(garbageJson(r));
            }
            case 1 -> {
                byte[] b = new byte[r.nextInt(40)];
                r.nextBytes(b);
                return Base64Url.encode(b);
            }
            case 2 -> {
                return Base64Url.encode("{\"alg\":\"ES256\",\"x\":" + garbageJson(r) + "}");
            }
            default -> {
                String e = Base64Url.encode(garbageJson(r));
                return e.substring(0, Math.min(e.length(), r.nextInt(3)));
            }
        }
    }

    @Test
    void randomTokensAreDecodedOrRejectedNeverCrashes() {
        Random r = new Random(20261129L);
        for (int i = 0; i < 1500; i++) {
            int parts = 1 + r.nextInt(6);
            StringBuilder t = new StringBuilder(part(r));
            for (int p = 1; p < parts; p++) {
                t.append('.').append(part(r));
            }
            String token = t.toString();
            // "--" ends the options: Base64URL text may begin with '-'.
            Cli.Run inspect = signet("inspect", "--json", "--", token.isEmpty() ? "." : token);
            assertThat(inspect.exitCode()).as(token + "\n" + inspect.err()).isIn(0, 1);
            assertThat(inspect.err()).as(token).doesNotContain("internal error");
            if (inspect.exitCode() == 0) {
                assertThat(inspect.out()).as(token).contains("\"warnings\"");
            } else {
                assertThat(inspect.errLine()).as(token).startsWith("MALFORMED: ");
            }
        }
    }

    @Test
    void randomBytesOnStdinAreOneLine() {
        Random r = new Random(7);
        for (int i = 0; i < 200; i++) {
            byte[] b = new byte[1 + r.nextInt(300)];
            r.nextBytes(b);
            Cli.Run run = new Cli().stdin(b).run("inspect", "-");
            assertThat(run.exitCode()).isIn(1, 2);
            assertThat(run.errLine()).doesNotContain("internal error");
        }
    }

    @Test
    void deeplyNestedClaimsAreMalformedNotAStackOverflow() {
        String deep = "{\"a\":" + "[".repeat(5000) + "]".repeat(5000) + "}";
        String token = Base64Url.encode("{\"alg\":\"ES256\"}") + "." + Base64Url.encode(deep) + ".c2ln";
        Cli.Run run = signet("inspect", token);
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.errLine()).startsWith("MALFORMED: ");
        assertThat(token.getBytes(StandardCharsets.US_ASCII).length).isGreaterThan(10_000);
    }
}
