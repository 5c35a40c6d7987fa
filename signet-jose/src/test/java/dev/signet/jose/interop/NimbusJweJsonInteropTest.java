package dev.signet.jose.interop;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.EncryptionMethod;
import com.nimbusds.jose.JWEHeader;
import com.nimbusds.jose.JWEObjectJSON;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.MultiDecrypter;
import com.nimbusds.jose.crypto.MultiEncrypter;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import dev.signet.jose.Base64Url;
import dev.signet.jose.ContentEncryption;
import dev.signet.jose.Curve;
import dev.signet.jose.DecryptionKeySource;
import dev.signet.jose.JoseException;
import dev.signet.jose.JweAlgorithm;
import dev.signet.jose.JweDecrypter;
import dev.signet.jose.JweEncrypter;
import dev.signet.jose.JweJson;
import dev.signet.jose.Jwk;
import dev.signet.jose.KeyType;
import dev.signet.jose.internal.json.Json;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * JWE JSON serialization with Nimbus JOSE+JWT 10.10 ({@code JWEObjectJSON}, {@code MultiEncrypter},
 * {@code MultiDecrypter}), both ways, for every {@code enc}: three recipients (RSA-OAEP-256,
 * ECDH-ES+A256KW on P-256, A256KW, each key naming its {@code kid} and {@code alg}) in the general
 * form, with external AAD.
 *
 * <p>Nimbus's {@code JWEObjectJSON} takes the {@code aad} member's text ({@code BASE64URL(JWE AAD)})
 * rather than the JWE AAD, and after decrypting returns from {@code getAAD()} the whole
 * authenticated data ({@code protected '.' aad}). Objects with a single
 * recipient are not covered: Nimbus 10.10 writes its flattened form without the per-recipient
 * {@code header} (so without {@code alg}), and its decrypter fails on a single recipient's
 * unprotected {@code alg} ("alg must not be null"), whichever form Signet writes.
 */
class NimbusJweJsonInteropTest {

    private static final byte[] PLAINTEXT = "{\"interop\":\"JWE JSON serialization\"}".getBytes(StandardCharsets.UTF_8);
    private static final byte[] AAD = "[\"context\"]".getBytes(StandardCharsets.UTF_8);
    private static final List<JweAlgorithm> ALGS =
            List.of(JweAlgorithm.RSA_OAEP_256, JweAlgorithm.ECDH_ES_A256KW, JweAlgorithm.A256KW);
    private static final List<Jwk> KEYS = keys();

    /** The recipients' private keys (and secret), each naming its kid and alg. */
    private static List<Jwk> keys() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(2048);
            byte[] k = new byte[32];
            new SecureRandom().nextBytes(k);
            return List.of(
                    Jwk.fromKeyPair(g.generateKeyPair()).withKeyId("rsa-1").withAlgorithm("RSA-OAEP-256"),
                    Jwk.generate(Curve.P_256).withKeyId("ec-1").withAlgorithm("ECDH-ES+A256KW"),
                    Jwk.fromSecret(k).withKeyId("kw-1").withAlgorithm("A256KW"));
        } catch (JoseException | NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Jwk published(Jwk key) {
        return key.keyType() == KeyType.OCT ? key : key.toPublicJwk();
    }

    private static JWK nimbus(Jwk key) throws ParseException {
        return JWK.parse(key.toJson());
    }

    private static JweDecrypter decrypter(Jwk key, ContentEncryption enc) {
        return JweDecrypter.builder(DecryptionKeySource.of(key))
                .algorithms(ALGS)
                .encryptions(enc)
                .build();
    }

    @ParameterizedTest
    @EnumSource(ContentEncryption.class)
    void signetDecryptsWhatNimbusEncryptsToThreeRecipients(ContentEncryption enc) throws Exception {
        List<JWK> publics = new ArrayList<>();
        for (Jwk k : KEYS) {
            publics.add(nimbus(published(k)));
        }
        JWEObjectJSON general = new JWEObjectJSON(
                new JWEHeader.Builder(EncryptionMethod.parse(enc.identifier())).build(),
                new Payload(PLAINTEXT),
                null,
                Base64Url.encode(AAD).getBytes(StandardCharsets.US_ASCII));
        general.encrypt(new MultiEncrypter(new JWKSet(publics)));
        String json = general.serializeGeneral();

        for (int i = 0; i < KEYS.size(); i++) {
            JweJson jwe = decrypter(KEYS.get(i), enc).decryptJson(json);
            assertThat(jwe.plaintext()).isEqualTo(PLAINTEXT);
            assertThat(jwe.decryptedRecipient().header().keyId())
                    .isEqualTo(KEYS.get(i).keyId());
            assertThat(jwe.decryptedRecipient().isProtected("enc")).isTrue();
            assertThat(jwe.additionalAuthenticatedData()).isEqualTo(AAD);
        }
    }

    @ParameterizedTest
    @EnumSource(ContentEncryption.class)
    void nimbusDecryptsWhatSignetEncryptsToThreeRecipients(ContentEncryption enc) throws Exception {
        JweJson.Builder b = JweJson.builder(PLAINTEXT).additionalAuthenticatedData(AAD);
        for (int i = 0; i < KEYS.size(); i++) {
            b.recipient(JweEncrypter.builder(published(KEYS.get(i)))
                    .algorithm(ALGS.get(i))
                    .encryption(enc)
                    .build());
        }
        String general = b.build().toGeneralJson();
        String protectedPart = (String) Json.parseObject(general).get("protected");

        for (Jwk key : KEYS) {
            JWEObjectJSON parsed = JWEObjectJSON.parse(general);
            parsed.decrypt(new MultiDecrypter(nimbus(key)));
            assertThat(parsed.getPayload().toBytes()).isEqualTo(PLAINTEXT);
            // Nimbus authenticated what RFC 7516 §5.1 step 14 names: protected '.' aad, as written.
            assertThat(new String(parsed.getAAD(), StandardCharsets.US_ASCII))
                    .isEqualTo(protectedPart + "." + Base64Url.encode(AAD));
        }
    }
}
