package dev.signet.jose.attacks;

import static dev.signet.jose.JoseException.Reason.CRIT_NOT_UNDERSTOOD;
import static dev.signet.jose.JoseException.Reason.MALFORMED;
import static dev.signet.jose.attacks.Forge.rejects;
import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.jose.ContentEncryption;
import dev.signet.jose.JoseException;
import dev.signet.jose.JweAlgorithm;
import dev.signet.jose.JweDecrypter;
import org.junit.jupiter.api.Test;

/**
 * {@code crit} on a JWE (RFC 7516 §4.1.13): an extension the sender marks critical must be
 * understood, or the JWE refused — even when it decrypts, since the extension may change what the
 * plaintext means. Checked before any key is used.
 */
class JweCritHeaderAttackTest {

    private static JweDecrypter.Builder decrypter() {
        return TrustedRecipient.decrypter(JweAlgorithm.DIR, ContentEncryption.A256GCM, TrustedRecipient.DIR);
    }

    private static String token(String header) {
        return JweForge.dirGcm(TrustedRecipient.DIR_SECRET, header, TrustedRecipient.PLAINTEXT);
    }

    @Test
    void rejectsAnUnknownCriticalHeaderThatWouldOtherwiseDecrypt() {
        String token =
                token("{\"alg\":\"dir\",\"enc\":\"A256GCM\",\"exp-policy\":\"strict\",\"crit\":[\"exp-policy\"]}");

        String detail = rejects(CRIT_NOT_UNDERSTOOD, () -> decrypter().build().decrypt(token))
                .detail();

        assertThat(detail).contains("exp-policy");
    }

    @Test
    void acceptsACriticalHeaderTheCallerDeclaresUnderstood() throws JoseException {
        String token =
                token("{\"alg\":\"dir\",\"enc\":\"A256GCM\",\"exp-policy\":\"strict\",\"crit\":[\"exp-policy\"]}");

        assertThat(decrypter()
                        .understoodCriticalHeaders("exp-policy")
                        .build()
                        .decrypt(token)
                        .header()
                        .critical())
                .containsExactly("exp-policy");
    }

    @Test
    void checksCritBeforeTryingAnyKey() {
        // The tag is garbage: were keys tried first, this would be DECRYPTION_FAILED.
        String token = JweForge.token(
                "{\"alg\":\"dir\",\"enc\":\"A256GCM\",\"x\":1,\"crit\":[\"x\"]}",
                new byte[0],
                new byte[12],
                new byte[16],
                new byte[16]);
        rejects(CRIT_NOT_UNDERSTOOD, () -> decrypter().build().decrypt(token));
    }

    @Test
    void rejectsMalformedCrit() {
        for (String header : new String[] {
            "{\"alg\":\"dir\",\"enc\":\"A256GCM\",\"crit\":[\"enc\"]}",
            "{\"alg\":\"dir\",\"enc\":\"A256GCM\",\"crit\":[\"zip\"],\"zip\":\"DEF\"}",
            "{\"alg\":\"dir\",\"enc\":\"A256GCM\",\"crit\":[]}",
            "{\"alg\":\"dir\",\"enc\":\"A256GCM\",\"crit\":[\"absent\"]}",
            "{\"alg\":\"dir\",\"enc\":\"A256GCM\",\"crit\":\"x\",\"x\":1}"
        }) {
            rejects(MALFORMED, () -> decrypter().build().decrypt(token(header)));
        }
    }
}
