package dev.signet.jose.vectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signet.jose.Base64Url;
import dev.signet.jose.JoseException;
import dev.signet.jose.JoseException.Reason;
import dev.signet.jose.Jwk;
import dev.signet.jose.JwkSet;
import dev.signet.jose.JwsAlgorithm;
import dev.signet.jose.JwsHeader;
import dev.signet.jose.JwsJson;
import dev.signet.jose.JwsSigner;
import dev.signet.jose.JwsVerifier;
import dev.signet.jose.KeySource;
import dev.signet.jose.internal.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The JWS JSON serialization examples (RFC 7515 §7.2): RFC 7515 A.6 (general) and A.7
 * (flattened), the general and flattened outputs of RFC 7520 §4, and the cookbook's RFC 7797
 * examples, read as JSON through {@link JwsVerifier#verifyJson}.
 */
class JwsJsonExamplesTest {

    /** The JWT claims set of RFC 7515 A.6 and A.7, line breaks as the RFC prints them. */
    private static final String CLAIMS =
            "{\"iss\":\"joe\",\r\n \"exp\":1300819380,\r\n" + " \"http://example.com/is_root\":true}";

    private static final String RSA_PUBLIC = "3_3.rsa_public_key.json";
    private static final String EC_PUBLIC = "3_1.ec_public_key.json";
    private static final String MAC_KEY = "3_5.symmetric_key_mac_computation.json";

    /** RFC 7515 A.6 names its keys in unprotected {@code kid}s that the transcribed JWKs lack. */
    private static List<Jwk> appendixA6Keys() throws JoseException {
        List<Jwk> keys = JwkSet.parse(VectorFiles.text("jose-rfc-vectors/rfc7515_A.6.jwkset"))
                .keys();
        return List.of(
                keys.get(0).toPublicJwk().withKeyId("2010-12-29"),
                keys.get(1).toPublicJwk().withKeyId("e9bc097a-ce51-4036-9562-d2ade882db0d"));
    }

    @Test
    void verifiesBothSignaturesOfTheAppendixA6GeneralExample() throws JoseException {
        String general = VectorFiles.text("jose-rfc-vectors/rfc7515_A.6.jwsg");
        List<Jwk> keys = appendixA6Keys();

        JwsJson jws = JwsVerifier.builder(KeySource.of(keys.toArray(new Jwk[0])))
                .requireAllSignatures()
                .build()
                .verifyJson(general);

        assertThat(jws.isFlattened()).isFalse();
        assertThat(jws.payloadText()).isEqualTo(CLAIMS);
        assertThat(jws.verifiedSignatures())
                .extracting(s -> s.header().algorithm())
                .containsExactly("RS256", "ES256");
        assertThat(jws.verifiedSignatures())
                .extracting(JwsJson.Signature::verifiedKey)
                .containsExactlyElementsOf(keys);
        assertThat(jws.signatures().get(0).isProtected("kid")).isFalse();
        assertThat(jws.toGeneralJson()).isEqualTo(general);
    }

    @Test
    void verifiesTheAppendixA7FlattenedExample() throws JoseException {
        String flattened = VectorFiles.text("jose-rfc-vectors/rfc7515_A.7.jwsf");
        Jwk key = Jwk.parse(VectorFiles.text("jose-rfc-vectors/rfc7515_A.7.jwk"))
                .toPublicJwk()
                .withKeyId("e9bc097a-ce51-4036-9562-d2ade882db0d");

        JwsJson jws = JwsVerifier.builder(KeySource.of(key))
                .algorithms(JwsAlgorithm.ES256)
                .build()
                .verifyJson(flattened);

        assertThat(jws.isFlattened()).isTrue();
        assertThat(jws.payloadText()).isEqualTo(CLAIMS);
        assertThat(jws.verifiedSignatures())
                .singleElement()
                .extracting(JwsJson.Signature::verifiedKey)
                .isEqualTo(key);
        assertThat(jws.toFlattenedJson()).isEqualTo(flattened);
    }

    @Test
    void rejectsTheAppendixA6ExampleWhenOneSignatureIsTamperedAndAllAreRequired() throws JoseException {
        String general = VectorFiles.text("jose-rfc-vectors/rfc7515_A.6.jwsg").replace("\"DtEhU3", "\"DtEhU4");
        List<Jwk> keys = appendixA6Keys();
        JwsVerifier.Builder verifier = JwsVerifier.builder(KeySource.of(keys.toArray(new Jwk[0])));

        JwsJson jws = verifier.build().verifyJson(general);
        assertThat(jws.verifiedSignatures())
                .extracting(s -> s.header().algorithm())
                .containsExactly("RS256");
        assertThat(jws.signatures().get(1).failure().reason()).isEqualTo(Reason.BAD_SIGNATURE);
        assertThatThrownBy(() -> verifier.requireAllSignatures().build().verifyJson(general))
                .isInstanceOfSatisfying(
                        JoseException.class, e -> assertThat(e.reason()).isEqualTo(Reason.BAD_SIGNATURE));
    }

    @ParameterizedTest(name = "§{0} {3}")
    @CsvSource({
        "4_1.rsa_v15_signature.json, " + RSA_PUBLIC + ", RS256, json",
        "4_1.rsa_v15_signature.json, " + RSA_PUBLIC + ", RS256, json_flat",
        "4_2.rsa-pss_signature.json, " + RSA_PUBLIC + ", PS384, json",
        "4_2.rsa-pss_signature.json, " + RSA_PUBLIC + ", PS384, json_flat",
        "4_3.ecdsa_signature.json, " + EC_PUBLIC + ", ES512, json",
        "4_3.ecdsa_signature.json, " + EC_PUBLIC + ", ES512, json_flat",
        "4_4.hmac-sha2_integrity_protection.json, " + MAC_KEY + ", HS256, json",
        "4_4.hmac-sha2_integrity_protection.json, " + MAC_KEY + ", HS256, json_flat",
        "4_6.protecting_specific_header_fields.json, " + MAC_KEY + ", HS256, json",
        "4_6.protecting_specific_header_fields.json, " + MAC_KEY + ", HS256, json_flat"
    })
    void verifiesSection4JsonOutputsWithTheSection3Keys(String file, String keyFile, JwsAlgorithm alg, String form)
            throws JoseException {
        Map<String, Object> example = example("jws/" + file);
        Jwk key = key(keyFile);

        JwsJson jws =
                JwsVerifier.builder(KeySource.of(key)).algorithms(alg).build().verifyJson(output(example, form));

        assertThat(jws.isFlattened()).isEqualTo("json_flat".equals(form));
        assertThat(jws.payloadText()).isEqualTo(payload(example));
        assertThat(jws.verifiedSignatures()).singleElement().satisfies(s -> {
            assertThat(s.verifiedKey()).isEqualTo(key);
            assertThat(s.header().algorithm()).isEqualTo(alg.identifier());
            assertThat(s.header().keyId()).isEqualTo(key.keyId());
        });
    }

    /**
     * RSASSA-PKCS1-v1_5 and HMAC are deterministic: signing the same header and payload gives the
     * same JSON, member for member. §4.6 protects only {@code alg} and carries {@code kid}
     * unprotected, which the builder does when the unprotected header names the {@code kid}.
     */
    @ParameterizedTest(name = "§{0}")
    @CsvSource({
        "4_1.rsa_v15_signature.json, 3_4.rsa_private_key.json, false",
        "4_4.hmac-sha2_integrity_protection.json, " + MAC_KEY + ", false",
        "4_6.protecting_specific_header_fields.json, " + MAC_KEY + ", true"
    })
    void reproducesDeterministicSection4JsonOutputs(String file, String keyFile, boolean kidUnprotected)
            throws JoseException {
        Map<String, Object> example = example("jws/" + file);
        Jwk key = key(keyFile);
        JwsSigner signer = JwsSigner.builder(key)
                .algorithm(JwsAlgorithm.fromIdentifier(VectorFiles.string(VectorFiles.object(example, "input"), "alg")))
                .build();
        Map<String, Object> unprotected = kidUnprotected ? Map.of("kid", key.keyId()) : Map.of();

        JwsJson jws = JwsJson.builder(payload(example).getBytes(StandardCharsets.UTF_8))
                .sign(signer, JwsHeader.builder(), unprotected)
                .build();

        assertThat(Json.parseObject(jws.toGeneralJson()))
                .isEqualTo(VectorFiles.object(VectorFiles.object(example, "output"), "json"));
        assertThat(Json.parseObject(jws.toFlattenedJson()))
                .isEqualTo(VectorFiles.object(VectorFiles.object(example, "output"), "json_flat"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"json", "json_flat"})
    void verifiesSection45DetachedContentJsonOnlyWithItsPayload(String form) throws JoseException {
        Map<String, Object> example = example("jws/4_5.signature_with_detached_content.json");
        JwsVerifier verifier = JwsVerifier.builder(KeySource.of(key(MAC_KEY))).build();
        String json = output(example, form);
        byte[] payload = payload(example).getBytes(StandardCharsets.UTF_8);

        JwsJson jws = verifier.verifyJsonDetached(json, payload);
        assertThat(jws.isDetached()).isTrue();
        assertThat(jws.payload()).isEqualTo(payload);
        assertThatThrownBy(() -> verifier.verifyJson(json))
                .isInstanceOfSatisfying(
                        JoseException.class, e -> assertThat(e.reason()).isEqualTo(Reason.MALFORMED));
        payload[0] ^= 1;
        assertThatThrownBy(() -> verifier.verifyJsonDetached(json, payload))
                .isInstanceOfSatisfying(
                        JoseException.class, e -> assertThat(e.reason()).isEqualTo(Reason.BAD_SIGNATURE));
    }

    /**
     * §4.7 protects the content only: its {@code alg} is in the unprotected header, where anyone
     * could rewrite it. Signet refuses such a signature ({@code docs/security.md}); the MAC itself
     * is correct, as recomputing it over {@code "." payload} shows.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"json", "json_flat"})
    void rejectsSection47WhoseAlgIsUnprotected(String form) throws Exception {
        Map<String, Object> example = example("jws/4_7.protecting_content_only.json");
        Jwk key = key(MAC_KEY);
        String json = output(example, form);

        assertThatThrownBy(() -> JwsVerifier.builder(KeySource.of(key)).build().verifyJson(json))
                .isInstanceOfSatisfying(JoseException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.ALG_NOT_ALLOWED);
                    assertThat(e.detail()).contains("unprotected");
                });
        JwsJson parsed = JwsJson.parseUnverified(json);
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(key.secretKey());
        byte[] expected = mac.doFinal(("." + Base64Url.encode(parsed.payload())).getBytes(StandardCharsets.US_ASCII));
        assertThat(parsed.signatures().get(0).signature()).isEqualTo(expected);
    }

    /**
     * §4.8: three signatures (RS256 with an unprotected {@code kid}, ES512 with an unprotected
     * {@code alg}, HS256). A verifier holding the RSA and EC keys verifies the first; the second
     * is refused for its unprotected {@code alg}; the third names a key it does not have. A verifier
     * holding the HMAC secret verifies the third only.
     */
    @Test
    void verifiesSection48MultipleSignaturesAndReportsEachOutcome() throws JoseException {
        Map<String, Object> example = example("jws/4_8.multiple_signatures.json");
        String json = output(example, "json");
        Jwk rsa = key(RSA_PUBLIC);
        Jwk ec = key(EC_PUBLIC);

        JwsJson publicKeys = JwsVerifier.builder(KeySource.of(rsa, ec)).build().verifyJson(json);
        assertThat(publicKeys.payloadText()).isEqualTo(payload(example));
        assertThat(publicKeys.signatures())
                .extracting(JwsJson.Signature::isVerified)
                .containsExactly(true, false, false);
        assertThat(publicKeys.signatures().get(0).verifiedKey()).isEqualTo(rsa);
        assertThat(publicKeys.signatures().get(1).failure().reason()).isEqualTo(Reason.ALG_NOT_ALLOWED);
        assertThat(publicKeys.signatures().get(2).failure().reason()).isEqualTo(Reason.KEY_NOT_FOUND);

        JwsJson secret = JwsVerifier.builder(KeySource.of(key(MAC_KEY))).build().verifyJson(json);
        assertThat(secret.signatures())
                .extracting(JwsJson.Signature::isVerified)
                .containsExactly(false, false, true);

        assertThatThrownBy(() -> JwsVerifier.builder(KeySource.of(rsa, ec))
                        .requireAllSignatures()
                        .build()
                        .verifyJson(json))
                .isInstanceOfSatisfying(JoseException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.ALG_NOT_ALLOWED);
                    assertThat(e.detail()).startsWith("signature 1 of 3:");
                });
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"json", "json_flat"})
    void verifiesAndReproducesTheUnencodedPayloadJsonExample(String form) throws JoseException {
        Map<String, Object> example = example("rfc7797/hmac-sha2_b64_false.json");
        Jwk key = Jwk.fromMap(VectorFiles.object(VectorFiles.object(example, "input"), "key"));
        String json = output(example, form);

        JwsJson jws = JwsVerifier.builder(KeySource.of(key)).build().verifyJson(json);
        JwsJson signed = JwsJson.builder(payload(example).getBytes(StandardCharsets.UTF_8))
                .sign(JwsSigner.builder(key).build(), JwsHeader.builder().unencodedPayload())
                .build();

        assertThat(jws.payloadText()).isEqualTo("This is the payload string!");
        assertThat(jws.signatures().get(0).header().isBase64Payload()).isFalse();
        assertThat("json".equals(form) ? signed.toGeneralJson() : signed.toFlattenedJson())
                .isEqualTo(json);
    }

    /** RFC 7797 §4.2 is JSON-only ({@code $.02}); the cookbook's header lacks {@code crit} (RFC 7797 §6). */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"json", "json_flat"})
    void rejectsTheCookbookUnencodedPayloadJsonWithoutCrit(String form) throws JoseException {
        Map<String, Object> example = example("rfc7797/4.2.hmac-sha2_b64_false.json");
        Jwk key = Jwk.fromMap(VectorFiles.object(VectorFiles.object(example, "input"), "key"));

        assertThatThrownBy(() -> JwsVerifier.builder(KeySource.of(key)).build().verifyJson(output(example, form)))
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

    /** The example's {@code json} or {@code json_flat} output as compact JSON text. */
    private static String output(Map<String, Object> example, String form) {
        return Json.writeString(VectorFiles.object(VectorFiles.object(example, "output"), form));
    }
}
