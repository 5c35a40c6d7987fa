package dev.signet.jose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.signet.jose.JoseException.Reason;
import dev.signet.jose.internal.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * JWE JSON serialization (RFC 7516 §7.2): what {@link JweJson.Builder} writes and {@link JweDecrypter#decryptJson}
 * reads back.
 */
class JweJsonTest {

    private static final byte[] PLAINTEXT =
            "Signet JWE JSON: \u00e9t\u00e9 \u2013 \ud83d\udd11".getBytes(StandardCharsets.UTF_8);
    private static final byte[] AAD = "[\"vcard\",[]]".getBytes(StandardCharsets.UTF_8);

    private static JweEncrypter.Builder encrypter(Jwk key, JweAlgorithm alg, ContentEncryption enc) {
        Jwk encryptionKey = key.keyType() == KeyType.OCT ? key : key.toPublicJwk();
        JweEncrypter.Builder b = JweEncrypter.builder(encryptionKey)
                .algorithm(alg)
                .encryption(enc)
                .pbes2Iterations(JweEncrypter.MIN_PBES2_ITERATIONS);
        if (alg == JweAlgorithm.RSA1_5) {
            b.allowInsecureRsa1_5();
        }
        return b;
    }

    private static JweDecrypter decrypter(List<JweAlgorithm> algs, ContentEncryption enc, Jwk... keys) {
        JweDecrypter.Builder b = JweDecrypter.builder(DecryptionKeySource.of(keys))
                .algorithms(algs)
                .encryptions(enc);
        if (algs.contains(JweAlgorithm.RSA1_5)) {
            b.allowInsecureRsa1_5();
        }
        return b.build();
    }

    static java.util.stream.Stream<org.junit.jupiter.params.provider.Arguments> pairs() {
        return JweRoundTripTest.pairs();
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("pairs")
    void encryptsAndDecryptsEveryPairFlattenedAndGeneral(JweAlgorithm alg, ContentEncryption enc, Curve curve)
            throws JoseException {
        Jwk key = JweRoundTripTest.recipientKey(alg, enc, curve).withKeyId("recipient");
        JweJson made = JweJson.builder(PLAINTEXT)
                .additionalAuthenticatedData(AAD)
                .recipient(encrypter(key, alg, enc).build())
                .build();
        JweDecrypter decrypter = decrypter(List.of(alg), enc, key);

        for (String json : List.of(made.toFlattenedJson(), made.toGeneralJson())) {
            JweJson jwe = decrypter.decryptJson(json);

            assertThat(jwe.plaintext()).isEqualTo(PLAINTEXT);
            assertThat(jwe.decryptionKey()).isEqualTo(key);
            assertThat(jwe.additionalAuthenticatedData()).isEqualTo(AAD);
            assertThat(jwe.protectedMembers()).containsOnlyKeys("enc").containsEntry("enc", enc.identifier());
            JweJson.Recipient r = jwe.decryptedRecipient();
            assertThat(r.header().algorithm()).isEqualTo(alg.identifier());
            assertThat(r.header().keyId()).isEqualTo("recipient");
            assertThat(r.isProtected("alg")).isFalse();
            boolean direct = alg == JweAlgorithm.DIR || alg == JweAlgorithm.ECDH_ES;
            assertThat(r.encryptedKey().length == 0).isEqualTo(direct);
            assertThat(jwe.iv()).hasSize(enc.ivLength());
            assertThat(jwe.tag()).hasSize(enc.tagLength());
        }
        assertThat(Json.parseObject(made.toFlattenedJson()))
                .doesNotContainKey("recipients")
                .containsKey("aad");
    }

    /** RSA-OAEP-256, ECDH-ES+A256KW on P-256 and X25519, A256KW, A128GCMKW and PBES2: one CEK for all. */
    private static List<Jwk> sixRecipientKeys(ContentEncryption enc) throws JoseException {
        List<Jwk> keys = new ArrayList<>();
        keys.add(JweRoundTripTest.recipientKey(JweAlgorithm.RSA_OAEP_256, enc, null)
                .withKeyId("rsa"));
        keys.add(JweRoundTripTest.recipientKey(JweAlgorithm.ECDH_ES_A256KW, enc, Curve.P_256)
                .withKeyId("p256"));
        keys.add(JweRoundTripTest.recipientKey(JweAlgorithm.ECDH_ES_A128KW, enc, Curve.X25519)
                .withKeyId("x25519"));
        keys.add(JweRoundTripTest.recipientKey(JweAlgorithm.A256KW, enc, null).withKeyId("kw"));
        keys.add(
                JweRoundTripTest.recipientKey(JweAlgorithm.A128GCMKW, enc, null).withKeyId("gcmkw"));
        keys.add(JweRoundTripTest.recipientKey(JweAlgorithm.PBES2_HS256_A128KW, enc, null)
                .withKeyId("pbes2"));
        return keys;
    }

    private static final List<JweAlgorithm> SIX_ALGS = List.of(
            JweAlgorithm.RSA_OAEP_256,
            JweAlgorithm.ECDH_ES_A256KW,
            JweAlgorithm.ECDH_ES_A128KW,
            JweAlgorithm.A256KW,
            JweAlgorithm.A128GCMKW,
            JweAlgorithm.PBES2_HS256_A128KW);

    @ParameterizedTest
    @EnumSource(ContentEncryption.class)
    void encryptsOneCekToSixRecipientsEachOfWhomDecrypts(ContentEncryption enc) throws JoseException {
        List<Jwk> keys = sixRecipientKeys(enc);
        JweJson.Builder b = JweJson.builder(PLAINTEXT);
        for (int i = 0; i < keys.size(); i++) {
            b.recipient(encrypter(keys.get(i), SIX_ALGS.get(i), enc).build());
        }
        String general = b.build().toGeneralJson();

        for (int i = 0; i < keys.size(); i++) {
            JweJson jwe = decrypter(SIX_ALGS, enc, keys.get(i)).decryptJson(general);

            assertThat(jwe.plaintext()).isEqualTo(PLAINTEXT);
            assertThat(jwe.decryptedRecipient()).isSameAs(jwe.recipients().get(i));
            assertThat(jwe.decryptionKey()).isEqualTo(keys.get(i));
        }
        JweJson parsed = JweJson.parseUnverified(general);
        assertThat(parsed.isFlattened()).isFalse();
        assertThat(parsed.recipients())
                .extracting(r -> r.header().keyId())
                .containsExactly("rsa", "p256", "x25519", "kw", "gcmkw", "pbes2");
        assertThat(parsed.recipients().get(1).headerMembers()).containsKey("epk");
        assertThat(parsed.recipients().get(4).headerMembers()).containsKeys("iv", "tag");
        assertThat(parsed.recipients().get(5).headerMembers()).containsKeys("p2s", "p2c");
        assertThrows(IllegalStateException.class, parsed::plaintext);
        assertThrows(IllegalStateException.class, () -> parsed.toFlattenedJson());
    }

    @Test
    void carriesProtectedSharedAndPerRecipientHeadersAndCompresses() throws JoseException {
        Jwk kw = JweRoundTripTest.recipientKey(JweAlgorithm.A128KW, ContentEncryption.A256GCM, null)
                .withKeyId("kw-1");
        Jwk ec = JweRoundTripTest.recipientKey(JweAlgorithm.ECDH_ES_A128KW, ContentEncryption.A256GCM, Curve.P_384)
                .withKeyId("ec-1");
        byte[] repetitive = "a claim, a claim, a claim, ".repeat(100).getBytes(StandardCharsets.US_ASCII);
        JweJson made = JweJson.builder(repetitive)
                .protectedHeader(JweHeader.builder().type("example+jwe").critical("tenant", "acme"))
                .sharedUnprotectedHeader(Map.of("jku", "https://example.com/keys.jwks"))
                .compress()
                .recipient(
                        encrypter(kw, JweAlgorithm.A128KW, ContentEncryption.A256GCM)
                                .build(),
                        Map.of("note", "kw"))
                .recipient(encrypter(ec, JweAlgorithm.ECDH_ES_A128KW, ContentEncryption.A256GCM)
                        .agreementPartyInfo(new byte[] {1}, new byte[] {2})
                        .build())
                .build();
        JweDecrypter decrypter = JweDecrypter.builder(DecryptionKeySource.of(ec))
                .algorithms(JweAlgorithm.A128KW, JweAlgorithm.ECDH_ES_A128KW)
                .encryptions(ContentEncryption.A256GCM)
                .understoodCriticalHeaders("tenant")
                .build();

        JweJson jwe = decrypter.decryptJson(made.toGeneralJson());

        assertThat(jwe.plaintext()).isEqualTo(repetitive);
        assertThat(jwe.ciphertext().length).isLessThan(repetitive.length / 10);
        assertThat(jwe.protectedMembers()).containsOnlyKeys("enc", "zip", "typ", "tenant", "crit");
        assertThat(jwe.sharedUnprotectedMembers()).containsOnlyKeys("jku");
        JweHeader first = jwe.recipients().get(0).header();
        assertThat(first.get("note")).isEqualTo("kw");
        assertThat(first.type()).isEqualTo("example+jwe");
        assertThat(first.compression()).isEqualTo("DEF");
        assertThat(jwe.recipients().get(0).isProtected("note")).isFalse();
        assertThat(jwe.decryptedRecipient().header().agreementPartyUInfo()).containsExactly(1);
        assertThat(jwe.decryptedRecipient().headerMembers()).doesNotContainKey("note");
        // Without declaring the critical extension, the decrypter refuses before any key work.
        assertThatThrownBy(() -> decrypter(List.of(JweAlgorithm.ECDH_ES_A128KW), ContentEncryption.A256GCM, ec)
                        .decryptJson(made.toGeneralJson()))
                .isInstanceOfSatisfying(
                        JoseException.class, e -> assertThat(e.reason()).isEqualTo(Reason.CRIT_NOT_UNDERSTOOD));
    }

    @Test
    void findsItsRecipientByKidOrByTryingEachFittingOne() throws JoseException {
        ContentEncryption enc = ContentEncryption.A128GCM;
        Jwk first = JweRoundTripTest.recipientKey(JweAlgorithm.A256KW, enc, null);
        Jwk second = JweRoundTripTest.recipientKey(JweAlgorithm.A256KW, enc, null);
        String withoutKids = JweJson.builder(PLAINTEXT)
                .recipient(encrypter(first, JweAlgorithm.A256KW, enc).build())
                .recipient(encrypter(second, JweAlgorithm.A256KW, enc).build())
                .build()
                .toGeneralJson();
        String withKids = JweJson.builder(PLAINTEXT)
                .recipient(encrypter(first.withKeyId("a"), JweAlgorithm.A256KW, enc)
                        .build())
                .recipient(encrypter(second.withKeyId("b"), JweAlgorithm.A256KW, enc)
                        .build())
                .build()
                .toGeneralJson();

        // No kid: the second key fits recipient 0 by type, fails to unwrap there, then opens recipient 1.
        JweJson byFit = decrypter(List.of(JweAlgorithm.A256KW), enc, second).decryptJson(withoutKids);
        JweJson byKid = decrypter(List.of(JweAlgorithm.A256KW), enc, second.withKeyId("b"))
                .decryptJson(withKids);

        assertThat(byFit.decryptedRecipient()).isSameAs(byFit.recipients().get(1));
        assertThat(byKid.decryptedRecipient()).isSameAs(byKid.recipients().get(1));
        assertThat(JweJson.parseUnverified(withoutKids).recipients())
                .allSatisfy(r -> assertThat(r.header().keyId()).isNull());
        // A key under another kid is not tried at all: KEY_NOT_FOUND for both recipients.
        assertThatThrownBy(() -> decrypter(List.of(JweAlgorithm.A256KW), enc, second.withKeyId("c"))
                        .decryptJson(withKids))
                .isInstanceOfSatisfying(JoseException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.KEY_NOT_FOUND);
                    assertThat(e.getSuppressed()).hasSize(2);
                });
    }

    @Test
    void aKidSharedByEveryRecipientGoesInTheSharedHeaderOnly() throws JoseException {
        Jwk key = JweRoundTripTest.recipientKey(JweAlgorithm.DIR, ContentEncryption.A256GCM, null)
                .withKeyId("own");
        JweJson made = JweJson.builder(PLAINTEXT)
                .protectedHeader(JweHeader.builder().keyId("shared"))
                .recipient(encrypter(key, JweAlgorithm.DIR, ContentEncryption.A256GCM)
                        .build())
                .build();

        assertThat(made.recipients().get(0).headerMembers()).containsOnlyKeys("alg");
        assertThat(made.recipients().get(0).header().keyId()).isEqualTo("shared");
        assertThat(decrypter(List.of(JweAlgorithm.DIR), ContentEncryption.A256GCM, key.withKeyId("shared"))
                        .decryptJson(made.toFlattenedJson())
                        .plaintext())
                .isEqualTo(PLAINTEXT);
    }

    @Test
    void theBuilderRefusesWhatADecrypterWouldRefuse() throws JoseException {
        ContentEncryption enc = ContentEncryption.A256GCM;
        Jwk kw = JweRoundTripTest.recipientKey(JweAlgorithm.A256KW, enc, null);
        Jwk dir = JweRoundTripTest.recipientKey(JweAlgorithm.DIR, enc, null);
        Jwk ec = JweRoundTripTest.recipientKey(JweAlgorithm.ECDH_ES, enc, Curve.P_256);
        JweEncrypter toKw = encrypter(kw, JweAlgorithm.A256KW, enc).build();

        assertThrows(
                IllegalStateException.class, () -> JweJson.builder(PLAINTEXT).build());
        // dir and ECDH-ES make the CEK from the key: never next to another recipient.
        assertThrows(
                IllegalArgumentException.class,
                () -> JweJson.builder(PLAINTEXT)
                        .recipient(toKw)
                        .recipient(encrypter(dir, JweAlgorithm.DIR, enc).build()));
        assertThrows(
                IllegalArgumentException.class,
                () -> JweJson.builder(PLAINTEXT)
                        .recipient(encrypter(ec, JweAlgorithm.ECDH_ES, enc).build())
                        .recipient(toKw));
        // One enc for all; shared settings on the JSON builder, not on an encrypter.
        assertThrows(
                IllegalArgumentException.class,
                () -> JweJson.builder(PLAINTEXT)
                        .recipient(toKw)
                        .recipient(encrypter(kw, JweAlgorithm.A256KW, ContentEncryption.A128GCM)
                                .build()));
        assertThrows(
                IllegalArgumentException.class,
                () -> JweJson.builder(PLAINTEXT)
                        .recipient(encrypter(kw, JweAlgorithm.A256KW, enc)
                                .compress()
                                .build()));
        assertThrows(
                IllegalArgumentException.class,
                () -> JweJson.builder(PLAINTEXT)
                        .recipient(encrypter(kw, JweAlgorithm.A256KW, enc)
                                .type("JWT")
                                .build()));
        // Members the builder sets, and kid, which comes from the encrypter.
        for (String name : List.of("alg", "enc", "zip", "crit", "epk", "p2c", "iv", "tag")) {
            assertThrows(
                    IllegalArgumentException.class,
                    () -> JweJson.builder(PLAINTEXT).sharedUnprotectedHeader(Map.of(name, "x")),
                    name);
            assertThrows(
                    IllegalArgumentException.class,
                    () -> JweJson.builder(PLAINTEXT).recipient(toKw, Map.of(name, "x")),
                    name);
        }
        assertThrows(
                IllegalArgumentException.class, () -> JweJson.builder(PLAINTEXT).recipient(toKw, Map.of("kid", "x")));
        // Disjoint headers (RFC 7516 §7.2.1): typ in the protected and the shared header, x in shared and own.
        assertThrows(
                IllegalArgumentException.class,
                () -> JweJson.builder(PLAINTEXT)
                        .protectedHeader(JweHeader.builder().type("a"))
                        .sharedUnprotectedHeader(Map.of("typ", "b"))
                        .recipient(toKw)
                        .build());
        assertThrows(
                IllegalArgumentException.class,
                () -> JweJson.builder(PLAINTEXT)
                        .sharedUnprotectedHeader(Map.of("x", 1))
                        .recipient(toKw, Map.of("x", 2))
                        .build());
        // Two recipients have no flattened form.
        JweJson two = JweJson.builder(PLAINTEXT).recipient(toKw).recipient(toKw).build();
        assertThrows(IllegalStateException.class, two::toFlattenedJson);
        assertThat(two.isFlattened()).isFalse();
    }

    @Test
    void eachBuildDrawsAFreshCekAndIv() throws JoseException {
        Jwk kw = JweRoundTripTest.recipientKey(JweAlgorithm.A128KW, ContentEncryption.A128GCM, null);
        JweJson.Builder b = JweJson.builder(PLAINTEXT)
                .recipient(encrypter(kw, JweAlgorithm.A128KW, ContentEncryption.A128GCM)
                        .build());

        JweJson first = b.build();
        JweJson second = b.build();

        assertThat(first.recipients().get(0).encryptedKey())
                .isNotEqualTo(second.recipients().get(0).encryptedKey());
        assertThat(first.iv()).isNotEqualTo(second.iv());
    }

    @Test
    void limitsRecipientsAsConfigured() {
        JweDecrypter.Builder b = JweDecrypter.builder(DecryptionKeySource.of());
        assertThrows(IllegalArgumentException.class, () -> b.maxJsonRecipients(0));
        assertThrows(IllegalArgumentException.class, () -> b.maxJsonRecipients(1001));
        assertThat(JweJson.DEFAULT_MAX_RECIPIENTS).isEqualTo(16);
    }
}
