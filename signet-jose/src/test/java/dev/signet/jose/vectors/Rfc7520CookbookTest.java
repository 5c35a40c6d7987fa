package dev.signet.jose.vectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signet.jose.JoseException;
import dev.signet.jose.JoseException.Reason;
import dev.signet.jose.Jwk;
import dev.signet.jose.Jws;
import dev.signet.jose.JwsAlgorithm;
import dev.signet.jose.JwsHeader;
import dev.signet.jose.JwsSigner;
import dev.signet.jose.JwsVerifier;
import dev.signet.jose.KeySource;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * RFC 7520 (JOSE Cookbook) §3 keys and §4 signatures, and the cookbook's RFC 7797 unencoded-payload
 * example, from ietf-jose/cookbook. The cookbook's own keys carry no {@code alg} that conflicts
 * with their examples (Wycheproof's transcription of §4 does; see {@link WycheproofJoseTest}).
 */
class Rfc7520CookbookTest {

    private static final String RSA_PUBLIC = "3_3.rsa_public_key.json";
    private static final String EC_PUBLIC = "3_1.ec_public_key.json";
    private static final String MAC_KEY = "3_5.symmetric_key_mac_computation.json";

    @ParameterizedTest(name = "{0} with {1}")
    @CsvSource({"3_2.ec_private_key.json, " + EC_PUBLIC, "3_4.rsa_private_key.json, " + RSA_PUBLIC})
    void readsSection3PrivateKeysWhosePublicViewIsTheirPublicKey(String privateFile, String publicFile)
            throws JoseException {
        Jwk privateKey = key(privateFile);

        assertThat(privateKey.isPrivate()).isTrue();
        assertThat(privateKey.toPublicJwk()).isEqualTo(key(publicFile));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"3_5.symmetric_key_mac_computation.json, HS256, 256", "3_6.symmetric_key_encryption.json, A256GCM, 256"
    })
    void readsSection3SymmetricKeys(String file, String alg, int bits) throws JoseException {
        Jwk k = key(file);

        assertThat(k.algorithm()).isEqualTo(alg);
        assertThat(k.sizeBits()).isEqualTo(bits);
    }

    @ParameterizedTest(name = "§{0} {2}")
    @CsvSource({
        "4_1.rsa_v15_signature.json, " + RSA_PUBLIC + ", RS256",
        "4_2.rsa-pss_signature.json, " + RSA_PUBLIC + ", PS384",
        "4_3.ecdsa_signature.json, " + EC_PUBLIC + ", ES512",
        "4_4.hmac-sha2_integrity_protection.json, " + MAC_KEY + ", HS256"
    })
    void verifiesSection4CompactSignaturesWithTheSection3Keys(String file, String keyFile, JwsAlgorithm alg)
            throws JoseException {
        Map<String, Object> example = example("jws/" + file);

        Jws jws = JwsVerifier.builder(KeySource.of(key(keyFile)))
                .algorithms(alg)
                .build()
                .verify(compact(example));

        assertThat(jws.payloadText()).isEqualTo(payload(example));
        assertThat(jws.header().keyId())
                .isEqualTo(
                        "HS256".equals(alg.identifier())
                                ? "018c0ae5-4d9b-471b-bfd6-eef314bc7037"
                                : "bilbo.baggins@hobbiton.example");
    }

    /** RSASSA-PKCS1-v1_5 and HMAC are deterministic, so signing the same header and payload gives the same bytes. */
    @ParameterizedTest(name = "§{0}")
    @CsvSource({
        "4_1.rsa_v15_signature.json, 3_4.rsa_private_key.json, RS256",
        "4_4.hmac-sha2_integrity_protection.json, " + MAC_KEY + ", HS256"
    })
    void reproducesDeterministicSection4SignaturesByteForByte(String file, String keyFile, JwsAlgorithm alg)
            throws JoseException {
        Map<String, Object> example = example("jws/" + file);
        assertThat(example.get("reproducible")).isEqualTo(true);

        // The signer writes {"alg", "kid"} from the key, exactly the protected header of these examples.
        String signed = JwsSigner.builder(key(keyFile))
                .algorithm(alg)
                .build()
                .sign(JwsHeader.builder(), payload(example).getBytes(StandardCharsets.UTF_8));

        assertThat(signed).isEqualTo(compact(example));
    }

    @Test
    void verifiesSection45DetachedContentOnlyWithItsPayload() throws JoseException {
        Map<String, Object> example = example("jws/4_5.signature_with_detached_content.json");
        JwsVerifier verifier = JwsVerifier.builder(KeySource.of(key(MAC_KEY))).build();
        String compact = compact(example);
        byte[] payload = payload(example).getBytes(StandardCharsets.UTF_8);

        assertThat(compact).contains("..");
        assertThat(verifier.verifyDetached(compact, payload).payload()).isEqualTo(payload);
        payload[0] ^= 1;
        assertThatThrownBy(() -> verifier.verifyDetached(compact, payload))
                .isInstanceOfSatisfying(
                        JoseException.class, e -> assertThat(e.reason()).isEqualTo(Reason.BAD_SIGNATURE));
        assertThatThrownBy(() -> verifier.verify(compact))
                .isInstanceOfSatisfying(
                        JoseException.class, e -> assertThat(e.reason()).isEqualTo(Reason.BAD_SIGNATURE));
    }

    /**
     * §4.6 and §4.8 exist in JSON serialization only; a signature whose {@code alg} is protected
     * has the same signing input as compact {@code protected.payload.signature} (the unprotected
     * {@code kid} is dropped). §4.7 and the second signature of §4.8 protect no header, so they
     * have no compact form; {@link JwsJsonExamplesTest} runs all of them as JSON.
     */
    @ParameterizedTest(name = "§{0} signature {1}")
    @CsvSource({
        "4_6.protecting_specific_header_fields.json, 0, " + MAC_KEY,
        "4_8.multiple_signatures.json, 0, " + RSA_PUBLIC,
        "4_8.multiple_signatures.json, 2, " + MAC_KEY
    })
    void verifiesJsonOnlySignaturesWithAProtectedAlgRecastAsCompact(String file, int index, String keyFile)
            throws JoseException {
        Map<String, Object> example = example("jws/" + file);
        Map<String, Object> json = VectorFiles.object(VectorFiles.object(example, "output"), "json");
        @SuppressWarnings("unchecked")
        Map<String, Object> signature =
                (Map<String, Object>) VectorFiles.array(json, "signatures").get(index);
        String compact = signature.get("protected") + "." + json.get("payload") + "." + signature.get("signature");

        assertThat(JwsVerifier.builder(KeySource.of(key(keyFile)))
                        .build()
                        .verify(compact)
                        .payloadText())
                .isEqualTo(payload(example));
    }

    /**
     * The cookbook's compact-compatible RFC 7797 variant. Its {@code signing} section is a copy of
     * the §4.2 example's (a broken {@code protected_b64u}), so only {@code input} and
     * {@code output} are used.
     */
    @Test
    void verifiesAndReproducesTheUnencodedPayloadCompactExample() throws JoseException {
        Map<String, Object> example = example("rfc7797/hmac-sha2_b64_false.json");
        Jwk key = Jwk.fromMap(VectorFiles.object(VectorFiles.object(example, "input"), "key"));

        Jws jws = JwsVerifier.builder(KeySource.of(key)).build().verify(compact(example));
        String signed = JwsSigner.builder(key)
                .build()
                .sign(JwsHeader.builder().unencodedPayload(), payload(example).getBytes(StandardCharsets.UTF_8));

        assertThat(jws.header().isBase64Payload()).isFalse();
        assertThat(jws.header().critical()).isEqualTo(List.of("b64"));
        assertThat(jws.payloadText()).isEqualTo("This is the payload string!");
        assertThat(signed).isEqualTo(compact(example));
    }

    /**
     * RFC 7797 §4.2 is JSON serialization only (its payload {@code $.02} contains a '.'), so it is
     * not run as such. The cookbook's copy also predates RFC 7797 §6: its header
     * {@code {"alg":"HS256","b64":false}} does not list {@code b64} in {@code crit}, which Signet
     * refuses even as detached compact content.
     */
    @Test
    void rejectsTheCookbookUnencodedPayloadHeaderWithoutCrit() throws JoseException {
        Map<String, Object> example = example("rfc7797/4.2.hmac-sha2_b64_false.json");
        Jwk key = Jwk.fromMap(VectorFiles.object(VectorFiles.object(example, "input"), "key"));
        Map<String, Object> flat = VectorFiles.object(VectorFiles.object(example, "output"), "json_flat");
        String detached = flat.get("protected") + ".." + flat.get("signature");

        assertThatThrownBy(() -> JwsVerifier.builder(KeySource.of(key))
                        .build()
                        .verifyDetached(detached, payload(example).getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(
                        JoseException.class, e -> assertThat(e.reason()).isEqualTo(Reason.MALFORMED));
    }

    private static Jwk key(String file) throws JoseException {
        return Jwk.parse(VectorFiles.text("rfc7520/jwk/" + file));
    }

    private static Map<String, Object> example(String path) {
        return VectorFiles.json("rfc7520/" + path);
    }

    private static String payload(Map<String, Object> example) {
        return VectorFiles.string(VectorFiles.object(example, "input"), "payload");
    }

    private static String compact(Map<String, Object> example) {
        return VectorFiles.string(VectorFiles.object(example, "output"), "compact");
    }
}
