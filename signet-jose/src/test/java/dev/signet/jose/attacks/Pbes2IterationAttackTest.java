package dev.signet.jose.attacks;

import static dev.signet.jose.JoseException.Reason.MALFORMED;
import static dev.signet.jose.JoseException.Reason.TOO_LARGE;
import static dev.signet.jose.attacks.Forge.rejects;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.signet.jose.Base64Url;
import dev.signet.jose.ContentEncryption;
import dev.signet.jose.JoseException;
import dev.signet.jose.Jwe;
import dev.signet.jose.JweAlgorithm;
import dev.signet.jose.JweDecrypter;
import dev.signet.jose.JweEncrypter;
import dev.signet.jose.internal.json.Json;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * PBES2 iteration-count denial of service (CVE-2022-36083 in jose, and kin): {@code p2c} is
 * chosen by whoever made the token, and every iteration is an HMAC the recipient computes before
 * it can tell that the token is forged. The decrypter refuses a count above its maximum (default
 * 600,000) before deriving anything; the encrypter never uses fewer than 1,000.
 */
class Pbes2IterationAttackTest {

    private static final JweAlgorithm ALG = JweAlgorithm.PBES2_HS256_A128KW;
    private static final ContentEncryption ENC = ContentEncryption.A128GCM;

    private static JweDecrypter.Builder decrypter() {
        return TrustedRecipient.decrypter(ALG, ENC, TrustedRecipient.PASSWORD);
    }

    private static String token(int p2c) throws JoseException {
        return TrustedRecipient.encrypter(TrustedRecipient.PASSWORD, ALG, ENC)
                .pbes2Iterations(p2c)
                .build()
                .encrypt(TrustedRecipient.PLAINTEXT);
    }

    private static String withHeaderMember(String token, String name, Object value) throws JoseException {
        Map<String, Object> header =
                new LinkedHashMap<>(Jwe.parseUnverified(token).header().members());
        header.put(name, value);
        return Forge.withPart(token, 0, Base64Url.encode(Json.write(header)));
    }

    @Test
    void rejectsP2cOfTwoToThe31QuicklyAndBeforeDerivingAKey() throws JoseException {
        String forged = withHeaderMember(token(1000), "p2c", 1L << 31);

        long start = System.nanoTime();
        String detail =
                rejects(TOO_LARGE, () -> decrypter().build().decrypt(forged)).detail();
        long millis = (System.nanoTime() - start) / 1_000_000;

        assertThat(detail).contains("2147483648").contains("600000");
        // 2^31 PBKDF2 iterations would take many minutes; the refusal takes no PBKDF2 at all.
        assertThat(millis).isLessThan(500);
    }

    @Test
    void acceptsTheMaximumAndRejectsOneMore() throws JoseException {
        JweDecrypter strict = decrypter().maxPbes2Iterations(2000).build();

        assertThat(strict.decrypt(token(2000)).plaintext()).isEqualTo(TrustedRecipient.PLAINTEXT);
        rejects(TOO_LARGE, () -> strict.decrypt(token(2001)));
    }

    @Test
    void rejectsP2cBeyondLongAndNonPositiveOrNonIntegerCounts() throws JoseException {
        String genuine = token(1000);
        rejects(
                TOO_LARGE,
                () -> decrypter().build().decrypt(withHeaderMember(genuine, "p2c", BigInteger.ONE.shiftLeft(100))));
        for (Object bad : new Object[] {0L, -1L, Long.MIN_VALUE, "1000", 1000.5, true}) {
            rejects(MALFORMED, () -> decrypter().build().decrypt(withHeaderMember(genuine, "p2c", bad)));
        }
    }

    @Test
    void rejectsASaltInputShorterThanEightBytes() throws JoseException {
        String forged = withHeaderMember(token(1000), "p2s", Base64Url.encode(new byte[7]));
        rejects(MALFORMED, () -> decrypter().build().decrypt(forged));
    }

    @Test
    void theEncrypterNeverUsesFewerThanAThousandIterationsAndDefaultsTo600000() throws JoseException {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> TrustedRecipient.encrypter(TrustedRecipient.PASSWORD, ALG, ENC)
                        .pbes2Iterations(999));
        assertThat(JweEncrypter.DEFAULT_PBES2_ITERATIONS).isEqualTo(600_000);
        assertThat(JweDecrypter.DEFAULT_MAX_PBES2_ITERATIONS).isEqualTo(600_000);
        assertThat(Jwe.parseUnverified(token(1000)).header().pbes2Count()).isEqualTo(1000);
    }
}
