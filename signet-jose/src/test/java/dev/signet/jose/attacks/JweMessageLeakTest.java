package dev.signet.jose.attacks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.jose.Base64Url;
import dev.signet.jose.ContentEncryption;
import dev.signet.jose.JoseException;
import dev.signet.jose.JweAlgorithm;
import dev.signet.jose.JweDecrypter;
import dev.signet.jose.Jwk;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * JWE rejection messages carry no secret and no token: not the CEK, not the recipient's key
 * members, not the encrypted key, IV, ciphertext or tag. (Their uniformity, the other half of "no
 * oracle", is {@link PaddingOracleAttackTest}.)
 */
class JweMessageLeakTest {

    @Test
    void rejectionMessagesNeverContainKeyMaterialOrTokenParts() throws JoseException {
        String token =
                TrustedRecipient.encrypt(TrustedRecipient.RSA, JweAlgorithm.RSA_OAEP_256, ContentEncryption.A256GCM);
        JweDecrypter d = TrustedRecipient.decrypter(
                        JweAlgorithm.RSA_OAEP_256, ContentEncryption.A256GCM, TrustedRecipient.RSA)
                .build();
        Jwk shortDir = Jwk.fromSecret(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16})
                .withKeyId("dir-1");
        String dirToken = JweForge.dirGcm(
                TrustedRecipient.DIR_SECRET,
                "{\"alg\":\"dir\",\"enc\":\"A256GCM\",\"kid\":\"dir-1\"}",
                TrustedRecipient.PLAINTEXT);
        List<Executable> failures = List.of(
                () -> d.decrypt(JweForge.flipBit(token, 4, 3)),
                () -> d.decrypt(JweForge.flipBit(token, 1, 3)),
                () -> d.decrypt(Forge.withPart(token, 2, "AAAA")),
                () -> TrustedRecipient.decrypter(JweAlgorithm.DIR, ContentEncryption.A256GCM, shortDir)
                        .build()
                        .decrypt(dirToken));
        List<String> secrets = new ArrayList<>();
        for (String member : new String[] {"d", "p", "q", "dp", "dq", "qi"}) {
            secrets.add((String) TrustedRecipient.RSA.members().get(member));
        }
        secrets.add((String) shortDir.members().get("k"));
        secrets.add(Base64Url.encode(TrustedRecipient.DIR_SECRET));
        for (int i = 1; i < 5; i++) {
            String part = Forge.part(token, i);
            secrets.add(part.length() > 16 ? part.substring(0, 16) : part);
        }

        for (Executable f : failures) {
            String message = Forge.rejection(f).getMessage();
            for (String s : secrets) {
                assertThat(message).doesNotContain(s);
            }
            assertThat(message).doesNotContain(token.substring(0, 20));
        }
    }
}
