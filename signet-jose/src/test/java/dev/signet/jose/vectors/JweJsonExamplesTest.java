package dev.signet.jose.vectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signet.jose.ContentEncryption;
import dev.signet.jose.DecryptionKeySource;
import dev.signet.jose.JoseException;
import dev.signet.jose.JoseException.Reason;
import dev.signet.jose.JweAlgorithm;
import dev.signet.jose.JweDecrypter;
import dev.signet.jose.JweHeader;
import dev.signet.jose.JweJson;
import dev.signet.jose.Jwk;
import dev.signet.jose.internal.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The JWE JSON serialization examples (RFC 7516 §7.2): RFC 7516 A.4 (general, two recipients) and
 * A.5 (flattened), and the general and flattened outputs of every RFC 7520 §5 example, decrypted
 * through {@link JweDecrypter#decryptJson}.
 */
class JweJsonExamplesTest {

    private static Jwk jwk(Object members) throws JoseException {
        @SuppressWarnings("unchecked")
        Map<String, Object> m = (Map<String, Object>) members;
        return Jwk.fromMap(m);
    }

    /** The RFC 7516 A.2 (RSA) or A.3 (AES) key, with the kid that A.4 and A.5 give it but the JWK lacks. */
    private static Jwk appendixAKey(String file, String kid) throws JoseException {
        return jwk(VectorFiles.json("rfc7516/" + file).get("key")).withKeyId(kid);
    }

    private static JweDecrypter.Builder decrypter(List<Jwk> keys, Set<String> algs, String enc) {
        List<JweAlgorithm> allowed = new ArrayList<>();
        for (String a : algs) {
            allowed.add(JweAlgorithm.fromIdentifier(a));
        }
        JweDecrypter.Builder b = JweDecrypter.builder(DecryptionKeySource.of(keys.toArray(new Jwk[0])))
                .algorithms(allowed)
                .encryptions(ContentEncryption.fromIdentifier(enc));
        if (allowed.contains(JweAlgorithm.RSA1_5)) {
            b.allowInsecureRsa1_5();
        }
        return b;
    }

    @Test
    void decryptsTheRfc7516AppendixA4GeneralExampleWithEitherRecipientsKey() throws JoseException {
        Map<String, Object> v = VectorFiles.json("rfc7516/A.4.json");
        String general = Json.writeString(VectorFiles.object(v, "json"));
        Jwk rsa = appendixAKey("A.2.json", "2011-04-29");
        Jwk aes = appendixAKey("A.3.json", "7");

        JweJson byRsa = decrypter(List.of(rsa), Set.of("RSA1_5"), "A128CBC-HS256")
                .build()
                .decryptJson(general);
        JweJson byAes = decrypter(List.of(aes), Set.of("A128KW"), "A128CBC-HS256")
                .build()
                .decryptJson(general);
        JweJson byBoth = decrypter(List.of(aes, rsa), Set.of("RSA1_5", "A128KW"), "A128CBC-HS256")
                .build()
                .decryptJson(general);

        for (JweJson jwe : List.of(byRsa, byAes, byBoth)) {
            assertThat(jwe.plaintextText()).isEqualTo(VectorFiles.string(v, "plaintext"));
            assertThat(jwe.isFlattened()).isFalse();
            assertThat(jwe.sharedUnprotectedMembers()).containsEntry("jku", "https://server.example.com/keys.jwks");
            assertThat(jwe.toGeneralJson()).isEqualTo(general);
        }
        assertThat(byRsa.decryptedRecipient()).isSameAs(byRsa.recipients().get(0));
        assertThat(byRsa.decryptionKey()).isEqualTo(rsa);
        assertThat(byAes.decryptedRecipient()).isSameAs(byAes.recipients().get(1));
        assertThat(byAes.decryptionKey()).isEqualTo(aes);
        // The first recipient whose key the source holds, in document order.
        assertThat(byBoth.decryptedRecipient().header().keyId()).isEqualTo("2011-04-29");
        assertThat(byAes.recipients()).extracting(r -> r.isProtected("alg")).containsExactly(false, false);
        assertThat(byAes.recipients()).extracting(r -> r.isProtected("enc")).containsExactly(true, true);
    }

    @Test
    void decryptsTheRfc7516AppendixA5FlattenedExample() throws JoseException {
        Map<String, Object> v = VectorFiles.json("rfc7516/A.5.json");
        String flattened = Json.writeString(VectorFiles.object(v, "json"));

        JweJson jwe = decrypter(List.of(appendixAKey("A.3.json", "7")), Set.of("A128KW"), "A128CBC-HS256")
                .build()
                .decryptJson(flattened);

        assertThat(jwe.plaintextText()).isEqualTo(VectorFiles.string(v, "plaintext"));
        assertThat(jwe.isFlattened()).isTrue();
        assertThat(jwe.recipients()).singleElement().satisfies(r -> {
            assertThat(r.header().algorithm()).isEqualTo("A128KW");
            assertThat(r.header().encryption()).isEqualTo("A128CBC-HS256");
            assertThat(r.headerMembers()).containsOnlyKeys("alg", "kid");
        });
        assertThat(jwe.toFlattenedJson()).isEqualTo(flattened);
    }

    @Test
    void theRfc7516AppendixA5TagCoversTheProtectedHeaderAsItIsWritten() throws JoseException {
        Map<String, Object> v = VectorFiles.json("rfc7516/A.5.json");
        // The same protected header, {"enc":"A128CBC-HS256"}, written with a space: another AAD.
        String respelled = Json.writeString(VectorFiles.object(v, "json"))
                .replace(
                        "eyJlbmMiOiJBMTI4Q0JDLUhTMjU2In0",
                        dev.signet.jose.Base64Url.encode("{\"enc\": \"A128CBC-HS256\"}"));
        JweDecrypter d = decrypter(List.of(appendixAKey("A.3.json", "7")), Set.of("A128KW"), "A128CBC-HS256")
                .build();

        assertThatThrownBy(() -> d.decryptJson(respelled))
                .isInstanceOfSatisfying(
                        JoseException.class, e -> assertThat(e.reason()).isEqualTo(Reason.DECRYPTION_FAILED));
    }

    /** The example's recipient keys: §5.3's password as an {@code oct} key of its UTF-8 bytes. */
    private static List<Jwk> keys(Map<String, Object> input) throws JoseException {
        List<Jwk> keys = new ArrayList<>();
        Object pwd = input.get("pwd");
        if (pwd != null) {
            keys.add(Jwk.fromSecret(((String) pwd).getBytes(StandardCharsets.UTF_8)));
        } else if (input.get("key") instanceof List) {
            for (Object k : (List<?>) input.get("key")) {
                keys.add(jwk(k));
            }
        } else {
            keys.add(jwk(input.get("key")));
        }
        return keys;
    }

    /** The {@code alg} of every recipient of the parsed object, and its {@code enc}. */
    private static Set<String> algs(JweJson parsed) {
        Set<String> algs = new LinkedHashSet<>();
        for (JweJson.Recipient r : parsed.recipients()) {
            algs.add(r.header().algorithm());
        }
        return algs;
    }

    @ParameterizedTest(name = "RFC 7520 §{0}")
    @ValueSource(
            strings = {
                "5_1.key_encryption_using_rsa_v15_and_aes-hmac-sha2",
                "5_2.key_encryption_using_rsa-oaep_with_aes-gcm",
                "5_3.key_wrap_using_pbes2-aes-keywrap_with-aes-cbc-hmac-sha2",
                "5_4.key_agreement_with_key_wrapping_using_ecdh-es_and_aes-keywrap_with_aes-gcm",
                "5_5.key_agreement_using_ecdh-es_with_aes-cbc-hmac-sha2",
                "5_6.direct_encryption_using_aes-gcm",
                "5_7.key_wrap_using_aes-gcm_keywrap_with_aes-cbc-hmac-sha2",
                "5_8.key_wrap_using_aes-keywrap_with_aes-gcm",
                "5_9.compressed_content",
                "5_10.including_additional_authentication_data",
                "5_11.protecting_specific_header_fields",
                "5_13.encrypting_to_multiple_recipients"
            })
    void decryptsRfc7520JsonAndFlattenedOutputsWithEachRecipientsKey(String file) throws JoseException {
        Map<String, Object> example = VectorFiles.json("rfc7520/jwe/" + file + ".json");
        Map<String, Object> input = VectorFiles.object(example, "input");
        Map<String, Object> output = VectorFiles.object(example, "output");
        List<Jwk> keys = keys(input);
        int forms = 0;
        for (String form : List.of("json", "json_flat")) {
            if (!output.containsKey(form)) {
                continue; // §5.13 has three recipients: no flattened form
            }
            forms++;
            Map<String, Object> members = VectorFiles.object(output, form);
            String json = Json.writeString(members);
            JweJson parsed = JweJson.parseUnverified(json);
            assertThat(parsed.recipients()).hasSameSizeAs(keys);
            String enc = parsed.recipients().get(0).header().encryption();

            for (int i = 0; i < keys.size(); i++) {
                JweJson jwe = decrypter(List.of(keys.get(i)), algs(parsed), enc)
                        .build()
                        .decryptJson(json);

                assertThat(jwe.plaintextText())
                        .as("%s, recipient %d", form, i)
                        .isEqualTo(VectorFiles.string(input, "plaintext"));
                assertThat(jwe.decryptedRecipient()).isSameAs(jwe.recipients().get(i));
                assertThat(jwe.decryptionKey()).isEqualTo(keys.get(i));
                assertThat(jwe.isFlattened()).isEqualTo(!members.containsKey("recipients"));
                // Written back, the object has the same members with the same values.
                String again = jwe.isFlattened() ? jwe.toFlattenedJson() : jwe.toGeneralJson();
                assertThat(Json.parseObject(again)).isEqualTo(members);
            }
        }
        assertThat(forms).isPositive();
    }

    /**
     * §5.12 protects no header at all: its {@code enc} sits in the shared unprotected header, where
     * anyone could rewrite it. Signet parses it, and refuses to decrypt it (its content decrypts
     * with the key through the serialization-independent core: {@code JweExamplesTest}).
     */
    @ParameterizedTest
    @ValueSource(strings = {"json", "json_flat"})
    void refusesRfc7520Section5_12WhoseEncIsUnprotected(String form) throws JoseException {
        Map<String, Object> example = VectorFiles.json("rfc7520/jwe/5_12.protecting_content_only.json");
        String json = Json.writeString(VectorFiles.object(VectorFiles.object(example, "output"), form));
        JweHeader header = JweJson.parseUnverified(json).recipients().get(0).header();
        assertThat(header.encryption()).isEqualTo("A128GCM");
        JweDecrypter d = decrypter(keys(VectorFiles.object(example, "input")), Set.of("A128KW"), "A128GCM")
                .build();

        assertThatThrownBy(() -> d.decryptJson(json)).isInstanceOfSatisfying(JoseException.class, e -> {
            assertThat(e.reason()).isEqualTo(Reason.ALG_NOT_ALLOWED);
            assertThat(e.detail()).contains("enc").contains("unprotected");
        });
    }

    @Test
    void decryptsRfc7520Section5_13WithAllThreeKeysByTheFirstRecipient() throws JoseException {
        Map<String, Object> example = VectorFiles.json("rfc7520/jwe/5_13.encrypting_to_multiple_recipients.json");
        String json = Json.writeString(VectorFiles.object(VectorFiles.object(example, "output"), "json"));
        List<Jwk> keys = keys(VectorFiles.object(example, "input"));
        JweJson parsed = JweJson.parseUnverified(json);

        JweJson jwe = decrypter(keys, algs(parsed), "A128CBC-HS256").build().decryptJson(json);

        assertThat(jwe.decryptedRecipient().header().keyId()).isEqualTo("frodo.baggins@hobbiton.example");
        assertThat(jwe.recipients().get(0).header().contentType()).isEqualTo("text/plain");
        assertThat(jwe.recipients())
                .allSatisfy(r -> assertThat(r.isProtected("cty")).isFalse());
        // Without RSA1_5 in the allowlist, recipient 0 is passed over and the P-384 recipient decrypts.
        JweJson withoutRsa15 = decrypter(keys, Set.of("ECDH-ES+A256KW", "A256GCMKW"), "A128CBC-HS256")
                .build()
                .decryptJson(json);
        assertThat(withoutRsa15.decryptedRecipient().header().keyId()).isEqualTo("peregrin.took@tuckborough.example");
        assertThat(withoutRsa15.plaintext()).isEqualTo(jwe.plaintext());
    }
}
