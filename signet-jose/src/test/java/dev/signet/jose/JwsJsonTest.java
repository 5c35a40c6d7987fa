package dev.signet.jose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.signet.jose.JoseException.Reason;
import dev.signet.jose.internal.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Producing and consuming JWS JSON serialization (RFC 7515 §7.2) through the public API. */
class JwsJsonTest {

    private static final byte[] PAYLOAD =
            "{\"greeting\":\"hello, JSON serialization\"}".getBytes(StandardCharsets.UTF_8);

    private static Jwk published(Jwk key) {
        return key.keyType() == KeyType.OCT ? key : key.toPublicJwk();
    }

    @ParameterizedTest
    @EnumSource(JwsAlgorithm.class)
    void signsAndVerifiesGeneralAndFlattenedWithEveryAvailableAlgorithm(JwsAlgorithm alg) throws Exception {
        assumeTrue(alg.isAvailable(), alg + " not available on this runtime");
        Jwk key = Jwk.generate(alg);
        JwsJson signed =
                JwsJson.builder(PAYLOAD).sign(JwsSigner.builder(key).build()).build();
        JwsVerifier verifier = JwsVerifier.builder(KeySource.of(published(key)))
                .algorithms(alg)
                .build();

        for (String json : List.of(signed.toGeneralJson(), signed.toFlattenedJson())) {
            JwsJson verified = verifier.verifyJson(json);
            assertThat(verified.payload()).isEqualTo(PAYLOAD);
            assertThat(verified.isFlattened()).isEqualTo(!json.contains("\"signatures\""));
            assertThat(verified.verifiedSignatures()).singleElement().satisfies(s -> {
                assertThat(s.verifiedKey().keyId()).isEqualTo(key.keyId());
                assertThat(s.header().algorithm()).isEqualTo(alg.identifier());
                assertThat(s.protectedMembers()).containsOnlyKeys("alg", "kid");
            });
            // The same signature recast as compact verifies too: one signing input for both serializations.
            JwsJson.Signature s = verified.signatures().get(0);
            String compact = Base64Url.encode(Json.write(s.protectedMembers())) + "." + Base64Url.encode(PAYLOAD) + "."
                    + Base64Url.encode(s.signature());
            assertThat(verifier.verify(compact).payload()).isEqualTo(PAYLOAD);

            byte[] signature = s.signature();
            signature[signature.length / 2] ^= 1;
            String tampered = json.replace(Base64Url.encode(s.signature()), Base64Url.encode(signature));
            assertThatThrownBy(() -> verifier.verifyJson(tampered))
                    .isInstanceOfSatisfying(
                            JoseException.class, e -> assertThat(e.reason()).isEqualTo(Reason.BAD_SIGNATURE));
        }
    }

    @Test
    void signsOnePayloadWithSeveralSignersAndVerifiesEachSignature() throws Exception {
        Jwk ec = Jwk.generate(JwsAlgorithm.ES256).withKeyId("ec");
        Jwk rsa = Jwk.generate(JwsAlgorithm.PS256).withKeyId("rsa");
        Jwk ed = Jwk.generate(JwsAlgorithm.EDDSA).withKeyId("ed");
        String general = JwsJson.builder(PAYLOAD)
                .sign(JwsSigner.builder(ec).build())
                .sign(JwsSigner.builder(rsa).build(), JwsHeader.builder().type("example+jws"))
                .sign(JwsSigner.builder(ed).build(), JwsHeader.builder(), Map.of("kid", "ed", "note", List.of(1, 2)))
                .build()
                .toGeneralJson();

        JwsJson all = JwsVerifier.builder(KeySource.of(published(ec), published(rsa), published(ed)))
                .requireAllSignatures()
                .build()
                .verifyJson(general);
        assertThat(all.verifiedSignatures())
                .extracting(s -> s.verifiedKey().keyId())
                .containsExactly("ec", "rsa", "ed");
        JwsJson.Signature third = all.signatures().get(2);
        assertThat(third.isProtected("kid")).isFalse();
        assertThat(third.unprotectedMembers()).containsEntry("kid", "ed").containsEntry("note", List.of(1L, 2L));
        assertThat(third.header().keyId()).isEqualTo("ed");
        assertThat(all.signatures().get(1).header().type()).isEqualTo("example+jws");

        JwsJson onlyRsa =
                JwsVerifier.builder(KeySource.of(published(rsa))).build().verifyJson(general);
        assertThat(onlyRsa.verifiedSignatures())
                .extracting(s -> s.verifiedKey().keyId())
                .containsExactly("rsa");
        assertThat(onlyRsa.signatures())
                .extracting(s -> s.failure() == null ? null : s.failure().reason())
                .containsExactly(Reason.KEY_NOT_FOUND, null, Reason.KEY_NOT_FOUND);
        assertThatThrownBy(() -> JwsVerifier.builder(KeySource.of(published(rsa)))
                        .requireAllSignatures()
                        .build()
                        .verifyJson(general))
                .isInstanceOfSatisfying(JoseException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.KEY_NOT_FOUND);
                    assertThat(e.detail()).startsWith("signature 0 of 3:");
                });
    }

    @Test
    void reportsTheSharedReasonWhenNoSignatureVerifies() throws Exception {
        Jwk a = Jwk.generate(JwsAlgorithm.ES256).withKeyId("a");
        Jwk b = Jwk.generate(JwsAlgorithm.ES256).withKeyId("b");
        String general = JwsJson.builder(PAYLOAD)
                .sign(JwsSigner.builder(a).build())
                .sign(JwsSigner.builder(b).build())
                .build()
                .toGeneralJson();
        Jwk other = Jwk.generate(JwsAlgorithm.ES256).withKeyId("c");

        assertThatThrownBy(() -> JwsVerifier.builder(KeySource.of(published(other)))
                        .build()
                        .verifyJson(general))
                .isInstanceOfSatisfying(JoseException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.KEY_NOT_FOUND);
                    assertThat(e.detail())
                            .isEqualTo("none of the 2 signatures verifies (0: KEY_NOT_FOUND, 1: KEY_NOT_FOUND)");
                    assertThat(e.getSuppressed()).hasSize(2);
                });
        // A signature with the right kid but the wrong key, next to one with an unknown kid: signature 0's reason.
        Jwk impostor = Jwk.generate(JwsAlgorithm.ES256).withKeyId("a");
        assertThatThrownBy(() -> JwsVerifier.builder(KeySource.of(published(impostor)))
                        .build()
                        .verifyJson(general))
                .isInstanceOfSatisfying(JoseException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.BAD_SIGNATURE);
                    assertThat(e.detail())
                            .contains("0: BAD_SIGNATURE, 1: KEY_NOT_FOUND")
                            .contains("signature 0's");
                });
    }

    @Test
    void rejectsAFlattenedJwsWithTheSameReasonAsTheCompactOne() throws Exception {
        Jwk key = Jwk.generate(JwsAlgorithm.ES256);
        JwsSigner signer = JwsSigner.builder(key).build();
        String flattened = JwsJson.builder(PAYLOAD).sign(signer).build().toFlattenedJson();
        String compact = signer.sign(PAYLOAD);
        JwsVerifier hmacOnly = JwsVerifier.builder(KeySource.of(published(key)))
                .algorithms(JwsAlgorithm.HS256)
                .build();

        JoseException json = assertThrows(JoseException.class, () -> hmacOnly.verifyJson(flattened));
        JoseException compactRejection = assertThrows(JoseException.class, () -> hmacOnly.verify(compact));
        assertThat(json.reason()).isEqualTo(Reason.ALG_NOT_ALLOWED);
        assertThat(json.getMessage()).isEqualTo(compactRejection.getMessage());
    }

    @Test
    void carriesAnUnencodedPayloadAsJsonTextEvenWithDots() throws Exception {
        Jwk key = Jwk.generate(JwsAlgorithm.HS256);
        byte[] payload = "$.02 — ünïcode".getBytes(StandardCharsets.UTF_8);
        JwsSigner signer = JwsSigner.builder(key).build();
        JwsJson signed = JwsJson.builder(payload)
                .sign(signer, JwsHeader.builder().unencodedPayload())
                .sign(signer, JwsHeader.builder().unencodedPayload().type("second"))
                .build();

        assertThat(Json.parseObject(signed.toGeneralJson())).containsEntry("payload", "$.02 — ünïcode");
        JwsJson verified = JwsVerifier.builder(KeySource.of(key))
                .requireAllSignatures()
                .build()
                .verifyJson(signed.toGeneralJson());
        assertThat(verified.payload()).isEqualTo(payload);
        assertThat(verified.verifiedSignatures()).hasSize(2);
        assertThatThrownBy(() -> signer.sign(JwsHeader.builder().unencodedPayload(), payload))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesToProduceWhatAVerifierWouldRefuse() throws Exception {
        Jwk key = Jwk.generate(JwsAlgorithm.HS256).withKeyId("k");
        JwsSigner signer = JwsSigner.builder(key).build();
        JwsJson.Builder builder = JwsJson.builder(PAYLOAD).sign(signer);

        for (String name : List.of("alg", "crit", "b64")) {
            assertThatThrownBy(() -> builder.sign(signer, JwsHeader.builder(), Map.of(name, "x")))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("protected header");
        }
        assertThatThrownBy(() -> builder.sign(signer, JwsHeader.builder().type("a"), Map.of("typ", "b")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("both");
        assertThatThrownBy(() -> builder.sign(signer, JwsHeader.builder(), Map.of("kid", 7)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("kid");
        assertThatThrownBy(() -> builder.sign(signer, JwsHeader.builder().unencodedPayload()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("b64");
        assertThatThrownBy(() -> JwsJson.builder(new byte[] {(byte) 0xc3, 0x28})
                        .sign(signer, JwsHeader.builder().unencodedPayload()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("UTF-8");
        assertThatThrownBy(() -> builder.sign(signer).build().toFlattenedJson())
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> JwsJson.builder(PAYLOAD).build()).isInstanceOf(IllegalStateException.class);
        // The failed attempts added nothing.
        assertThat(builder.build().signatures()).hasSize(2);
    }

    @Test
    void parsesWithoutVerifyingForInspectionOnly() throws Exception {
        Jwk key = Jwk.generate(JwsAlgorithm.ES384).withKeyId("inspect");
        String flattened = JwsJson.builder(PAYLOAD)
                .sign(JwsSigner.builder(key).build(), JwsHeader.builder(), Map.of("kid", "inspect"))
                .build()
                .toFlattenedJson();

        JwsJson parsed = JwsJson.parseUnverified(flattened);

        assertThat(parsed.isFlattened()).isTrue();
        assertThat(parsed.verifiedSignatures()).isEmpty();
        assertThat(parsed.signatures()).singleElement().satisfies(s -> {
            assertThat(s.isVerified()).isFalse();
            assertThat(s.failure()).isNull();
            assertThat(s.protectedMembers()).containsOnlyKeys("alg");
            assertThat(s.unprotectedMembers()).containsOnlyKeys("kid");
        });
        assertThat(parsed.toFlattenedJson()).isEqualTo(flattened);
        assertThat(parsed.toString())
                .doesNotContain(Base64Url.encode(parsed.signatures().get(0).signature()));
    }

    @Test
    void requiresTheProtectedTypWhenATypeIsRequired() throws Exception {
        Jwk key = Jwk.generate(JwsAlgorithm.ES256);
        JwsSigner signer = JwsSigner.builder(key).build();
        JwsVerifier verifier = JwsVerifier.builder(KeySource.of(published(key)))
                .type("example+jws")
                .build();

        String protectedTyp = JwsJson.builder(PAYLOAD)
                .sign(signer, JwsHeader.builder().type("application/example+jws"))
                .build()
                .toFlattenedJson();
        assertThat(verifier.verifyJson(protectedTyp).verifiedSignatures()).hasSize(1);

        String unprotectedTyp = JwsJson.builder(PAYLOAD)
                .sign(signer, JwsHeader.builder(), Map.of("typ", "example+jws"))
                .build()
                .toFlattenedJson();
        assertThatThrownBy(() -> verifier.verifyJson(unprotectedTyp))
                .isInstanceOfSatisfying(
                        JoseException.class, e -> assertThat(e.reason()).isEqualTo(Reason.WRONG_TYPE));
        // Without a type requirement an unprotected typ is information only.
        assertThat(JwsVerifier.builder(KeySource.of(published(key)))
                        .build()
                        .verifyJson(unprotectedTyp)
                        .verifiedSignatures())
                .hasSize(1);
    }

    @Test
    void enforcesTheConfiguredSignatureCountAndLengthLimits() throws Exception {
        Jwk key = Jwk.generate(JwsAlgorithm.HS256);
        JwsSigner signer = JwsSigner.builder(key).build();
        JwsJson.Builder builder = JwsJson.builder(new byte[0]);
        for (int i = 0; i < 20; i++) {
            builder.sign(signer, JwsHeader.builder().member("n", i));
        }
        String twenty = builder.build().toGeneralJson();

        assertThatThrownBy(() -> JwsVerifier.builder(KeySource.of(key)).build().verifyJson(twenty))
                .isInstanceOfSatisfying(JoseException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.TOO_LARGE);
                    assertThat(e.detail()).isEqualTo("20 signatures exceed the limit of 16");
                });
        JwsJson verified = JwsVerifier.builder(KeySource.of(key))
                .maxJsonSignatures(20)
                .requireAllSignatures()
                .build()
                .verifyJson(twenty);
        assertThat(verified.verifiedSignatures()).hasSize(20);
        assertThat(verified.payload()).isEmpty();
        assertThatThrownBy(() -> JwsVerifier.builder(KeySource.of(key))
                        .maxJsonSignatures(20)
                        .maxTokenLength(twenty.length() - 1)
                        .build()
                        .verifyJson(twenty))
                .isInstanceOfSatisfying(
                        JoseException.class, e -> assertThat(e.reason()).isEqualTo(Reason.TOO_LARGE));
        assertThatThrownBy(() -> JwsVerifier.builder(KeySource.of(key)).maxJsonSignatures(0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void keepsEachSignaturesOutcomeApartFromTheOthers() throws Exception {
        Jwk key = Jwk.generate(JwsAlgorithm.HS256).withKeyId("k");
        JwsSigner signer = JwsSigner.builder(key).build();
        JwsJson signed =
                JwsJson.builder(PAYLOAD).sign(signer).sign(signer).sign(signer).build();
        List<Object> signatures = new ArrayList<>();
        for (JwsJson.Signature s : signed.signatures()) {
            signatures.add(Map.of(
                    "protected",
                    Base64Url.encode(Json.write(s.protectedMembers())),
                    "signature",
                    Base64Url.encode(s.signature())));
        }
        // The middle signature has one bit flipped: it alone fails, whatever its neighbours do.
        byte[] forged = signed.signatures().get(1).signature();
        forged[0] ^= 1;
        signatures.set(
                1,
                Map.of(
                        "protected",
                        Base64Url.encode(Json.write(signed.signatures().get(1).protectedMembers())),
                        "signature",
                        Base64Url.encode(forged)));
        String json = Json.writeString(Map.of("payload", Base64Url.encode(PAYLOAD), "signatures", signatures));

        JwsJson verified = JwsVerifier.builder(KeySource.of(key)).build().verifyJson(json);

        assertThat(verified.signatures())
                .extracting(JwsJson.Signature::isVerified)
                .containsExactly(true, false, true);
        assertThat(verified.signatures().get(1).verifiedKey()).isNull();
        assertThat(verified.signatures().get(1).failure().detail()).startsWith("signature 1 of 3:");
    }
}
