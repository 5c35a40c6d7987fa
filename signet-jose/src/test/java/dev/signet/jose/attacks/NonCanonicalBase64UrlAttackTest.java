package dev.signet.jose.attacks;

import static dev.signet.jose.JoseException.Reason.MALFORMED;
import static dev.signet.jose.attacks.Forge.rejects;
import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.jose.JwsAlgorithm;
import dev.signet.jose.JwtVerifier;
import java.util.Base64;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Non-canonical Base64URL in each of the three parts. A lenient decoder maps many texts to the same
 * bytes, so one signed token has many spellings: caches, deny lists and replay checks keyed on
 * the text can be bypassed, and parsers that disagree with each other can be played off. Signet
 * accepts exactly one spelling (RFC 7515 §2: base64url without padding, no whitespace).
 *
 * <p>Header and payload variants are re-signed over the altered text, so the MAC is valid and only
 * the encoding can be the reason for the rejection.
 */
class NonCanonicalBase64UrlAttackTest {

    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    private static final String[] PART_NAMES = {"header", "payload", "signature"};

    /** A valid token whose three parts all have unused trailing bits and contain '-' or '_'. */
    private static String token;

    @BeforeAll
    static void findAToken() throws Exception {
        for (int nonce = 0; nonce < 10_000; nonce++) {
            // "??????" puts 6-bit groups 111111 ('_') into the encoding whatever its alignment.
            String t = Forge.hmac(
                    JwsAlgorithm.HS256,
                    TrustedIssuer.SECRET,
                    "{\"alg\":\"HS256\",\"kid\":\"hmac-1\",\"x\":\"??????\",\"n\":\"" + "n".repeat(nonce % 3) + "\"}",
                    TrustedIssuer.claimsJson("\"x\":\"??????\",\"n\":" + nonce));
            boolean fits = true;
            for (String p : t.split("\\.", -1)) {
                fits &= p.length() % 4 != 0 && (p.indexOf('-') >= 0 || p.indexOf('_') >= 0);
            }
            if (fits) {
                token = t;
                break;
            }
        }
        assertThat(token).as("a token with the needed shape").isNotNull();
        TrustedIssuer.hmacVerifier().build().verify(token);
    }

    /** Alters part {@code index}; re-signs when it is the header or payload. */
    private static String altered(int index, UnaryOperator<String> change) {
        String changed = Forge.withPart(token, index, change.apply(Forge.part(token, index)));
        if (index == 2) {
            return changed;
        }
        String input = Forge.part(changed, 0) + "." + Forge.part(changed, 1);
        return TrustedIssuer.hmacSigned(input);
    }

    /** Sets an unused trailing bit: same bytes for a lenient decoder, a different text. */
    private static String trailingBitSet(String part) {
        int last = ALPHABET.indexOf(part.charAt(part.length() - 1));
        return part.substring(0, part.length() - 1) + ALPHABET.charAt(last ^ 1);
    }

    private static String padded(String part) {
        return part + "=".repeat(4 - part.length() % 4);
    }

    static Stream<Arguments> variants() {
        Stream.Builder<Arguments> out = Stream.builder();
        for (int i = 0; i < 3; i++) {
            String p = PART_NAMES[i];
            out.add(Arguments.of(p + " with a trailing bit set", i, (UnaryOperator<String>) s -> trailingBitSet(s)));
            out.add(Arguments.of(p + " padded with '='", i, (UnaryOperator<String>) s -> padded(s)));
            out.add(Arguments.of(p + " with a space inside", i, (UnaryOperator<String>)
                    s -> s.substring(0, 4) + " " + s.substring(4)));
            out.add(Arguments.of(p + " with a trailing newline", i, (UnaryOperator<String>) s -> s + "\n"));
            out.add(Arguments.of(p + " with CRLF inside", i, (UnaryOperator<String>)
                    s -> s.substring(0, 8) + "\r\n" + s.substring(8)));
            out.add(Arguments.of(p + " with a tab in front", i, (UnaryOperator<String>) s -> "\t" + s));
            out.add(Arguments.of(p + " in standard Base64 ('+' '/')", i, (UnaryOperator<String>)
                    s -> s.replace('-', '+').replace('_', '/')));
            out.add(Arguments.of(p + " in padded standard Base64", i, (UnaryOperator<String>)
                    s -> padded(s.replace('-', '+').replace('_', '/'))));
            out.add(Arguments.of(
                    p + " with a non-ASCII look-alike", i, (UnaryOperator<String>) s -> "\uff21" + s.substring(1)));
            out.add(Arguments.of(p + " one character longer than any encoding", i, (UnaryOperator<String>) s ->
                    s + "A".repeat((5 - s.length() % 4) % 4)));
        }
        return out.build();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("variants")
    void rejectsNonCanonicalBase64Url(String name, int part, UnaryOperator<String> change) {
        String forged = altered(part, change);
        assertThat(forged).isNotEqualTo(token);
        rejects(MALFORMED, () -> TrustedIssuer.hmacVerifier().build().verify(forged));
    }

    @Test
    void eachVariantWouldDecodeToTheSameBytesLeniently() {
        // Guards the test itself: the trailing-bit and standard-alphabet variants are real aliases.
        Base64.Decoder lenient = Base64.getUrlDecoder();
        for (int i = 0; i < 3; i++) {
            String p = Forge.part(token, i);
            assertThat(lenient.decode(trailingBitSet(p))).isEqualTo(lenient.decode(p));
            assertThat(Base64.getDecoder().decode(p.replace('-', '+').replace('_', '/')))
                    .isEqualTo(lenient.decode(p));
        }
    }

    @Test
    void rejectsWrongNumberOfParts() {
        JwtVerifier v = TrustedIssuer.hmacVerifier().build();
        String[] p = token.split("\\.", -1);
        for (String forged : new String[] {
            p[0] + "." + p[1],
            token + ".",
            token + "." + p[2],
            p[0] + ".." + p[1] + "." + p[2],
            p[0] + "." + p[1] + "." + p[2] + "." + p[2] + "." + p[2],
            "." + p[1] + "." + p[2],
            "",
            ".."
        }) {
            rejects(MALFORMED, () -> v.verify(forged));
        }
    }
}
