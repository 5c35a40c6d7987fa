package dev.signet.jose.vectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signet.jose.Base64Url;
import dev.signet.jose.ContentEncryption;
import dev.signet.jose.DecryptionKeySource;
import dev.signet.jose.JoseException;
import dev.signet.jose.JoseException.Reason;
import dev.signet.jose.Jwe;
import dev.signet.jose.JweAccess;
import dev.signet.jose.JweAlgorithm;
import dev.signet.jose.JweDecrypter;
import dev.signet.jose.Jwk;
import dev.signet.jose.JwsAlgorithm;
import dev.signet.jose.Jwt;
import dev.signet.jose.JwtVerifier;
import dev.signet.jose.KeySource;
import dev.signet.jose.internal.json.Json;
import dev.signet.jose.internal.jwe.AesGcm;
import dev.signet.jose.internal.jwe.AesKeyWrap;
import dev.signet.jose.internal.jwe.EcdhKeyAgreement;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Published JWE examples: RFC 7516 Appendix A.1–A.3, RFC 7518 Appendix C (ECDH-ES Concat KDF),
 * RFC 7520 §5 (every example; those that exist only in JSON serialization go through the
 * decrypter's serialization-independent core), the cookbook's X25519 ECDH-ES example and RFC 7520
 * §6 (a signed JWT nested in a JWE) through {@link JwtVerifier}.
 */
class JweExamplesTest {

    private static Jwk jwk(Object members) throws JoseException {
        @SuppressWarnings("unchecked")
        Map<String, Object> m = (Map<String, Object>) members;
        return Jwk.fromMap(m);
    }

    /** A decrypter that allows exactly this example's alg and enc (and RSA1_5 when the example uses it). */
    private static JweDecrypter decrypter(Jwk key, String alg, String enc) {
        JweAlgorithm a = JweAlgorithm.fromIdentifier(alg);
        JweDecrypter.Builder b = JweDecrypter.builder(DecryptionKeySource.of(key))
                .algorithms(a)
                .encryptions(ContentEncryption.fromIdentifier(enc));
        if (a == JweAlgorithm.RSA1_5) {
            b.allowInsecureRsa1_5();
        }
        return b.build();
    }

    @ParameterizedTest(name = "RFC 7516 {0}")
    @ValueSource(strings = {"A.1", "A.2", "A.3"})
    void decryptsRfc7516AppendixA(String example) throws JoseException {
        Map<String, Object> v = VectorFiles.json("rfc7516/" + example + ".json");
        String compact = VectorFiles.string(v, "compact");
        Jwe parsed = Jwe.parseUnverified(compact);

        Jwe jwe = decrypter(
                        jwk(v.get("key")),
                        parsed.header().algorithm(),
                        parsed.header().encryption())
                .decrypt(compact);

        assertThat(jwe.plaintextText()).isEqualTo(VectorFiles.string(v, "plaintext"));
    }

    /** AES Key Wrap is deterministic: the A.3 CEK wrapped with the A.3 key is the A.3 encrypted key. */
    @Test
    void reproducesTheRfc7516A3WrappedKey() throws Exception {
        Map<String, Object> v = VectorFiles.json("rfc7516/A.3.json");
        byte[] cek = bytes(VectorFiles.array(v, "cek"));
        byte[] kek = jwk(v.get("key")).secretKey().getEncoded();

        byte[] wrapped = AesKeyWrap.wrap(kek, cek);

        assertThat(wrapped)
                .isEqualTo(Jwe.parseUnverified(VectorFiles.string(v, "compact")).encryptedKey());
        assertThat(AesKeyWrap.unwrap(kek, wrapped)).isEqualTo(cek);
    }

    @Test
    void derivesTheRfc7518AppendixCKeyFromZ() throws Exception {
        Map<String, Object> v = VectorFiles.json("rfc7518/C.json");
        byte[] z = bytes(VectorFiles.array(v, "z"));

        byte[] derived = EcdhKeyAgreement.concatKdf(
                z,
                128,
                "A128GCM",
                "Alice".getBytes(StandardCharsets.US_ASCII),
                "Bob".getBytes(StandardCharsets.US_ASCII));

        assertThat(Base64Url.encode(derived)).isEqualTo(VectorFiles.string(v, "derived_key"));
    }

    @Test
    void agreesOnTheRfc7518AppendixCSharedSecretFromBothSides() throws Exception {
        Map<String, Object> v = VectorFiles.json("rfc7518/C.json");
        Jwk alice = jwk(v.get("alice_epk"));
        Jwk bob = jwk(v.get("bob_key"));
        byte[] z = bytes(VectorFiles.array(v, "z"));

        assertThat(EcdhKeyAgreement.sharedSecret(bob.privateKey(), alice.publicKey(), false))
                .isEqualTo(z);
        assertThat(EcdhKeyAgreement.sharedSecret(alice.privateKey(), bob.publicKey(), false))
                .isEqualTo(z);
    }

    /**
     * Appendix C as a token: the header Alice would send (her ephemeral public key, apu, apv),
     * content sealed with the published derived key; Bob's decrypter must derive that same key.
     */
    @Test
    void decryptsAnEcdhEsTokenBuiltFromTheRfc7518AppendixCValues() throws Exception {
        Map<String, Object> v = VectorFiles.json("rfc7518/C.json");
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("alg", "ECDH-ES");
        header.put("enc", "A128GCM");
        header.put("apu", VectorFiles.string(v, "apu"));
        header.put("apv", VectorFiles.string(v, "apv"));
        header.put("epk", jwk(v.get("alice_epk")).toPublicJwk().members());
        String protectedHeader = Base64Url.encode(Json.write(header));
        byte[] iv = new byte[12];
        byte[][] sealed = AesGcm.encrypt(
                Base64Url.decode(VectorFiles.string(v, "derived_key")),
                iv,
                protectedHeader.getBytes(StandardCharsets.US_ASCII),
                "Appendix C".getBytes(StandardCharsets.US_ASCII));
        String token = protectedHeader + ".." + Base64Url.encode(iv) + "." + Base64Url.encode(sealed[0]) + "."
                + Base64Url.encode(sealed[1]);

        Jwe jwe = decrypter(jwk(v.get("bob_key")), "ECDH-ES", "A128GCM").decrypt(token);

        assertThat(jwe.plaintextText()).isEqualTo("Appendix C");
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
                "5_9.compressed_content"
            })
    void decryptsRfc7520CompactExamples(String file) throws JoseException {
        Map<String, Object> example = VectorFiles.json("rfc7520/jwe/" + file + ".json");
        Map<String, Object> input = VectorFiles.object(example, "input");
        String compact = VectorFiles.string(VectorFiles.object(example, "output"), "compact");

        Jwe jwe = decrypter(recipientKey(input), VectorFiles.string(input, "alg"), VectorFiles.string(input, "enc"))
                .decrypt(compact);

        assertThat(jwe.plaintextText()).isEqualTo(VectorFiles.string(input, "plaintext"));
        assertThat(jwe.header().compression()).isEqualTo(input.get("zip"));
    }

    /** §5.3 uses a password: an {@code oct} JWK of its UTF-8 bytes. */
    private static Jwk recipientKey(Map<String, Object> input) throws JoseException {
        Object pwd = input.get("pwd");
        return pwd != null ? Jwk.fromSecret(((String) pwd).getBytes(StandardCharsets.UTF_8)) : jwk(input.get("key"));
    }

    /**
     * §5.10–§5.13 exist only in JSON serialization (external AAD, unprotected headers, several
     * recipients). Each recipient's header is the union of the protected, shared unprotected and
     * per-recipient headers; the AAD is the encoded protected header, then "." and the encoded
     * {@code aad} when there is one (RFC 7516 §5.2 step 14).
     */
    @ParameterizedTest(name = "RFC 7520 §{0}")
    @ValueSource(
            strings = {
                "5_10.including_additional_authentication_data",
                "5_11.protecting_specific_header_fields",
                "5_12.protecting_content_only",
                "5_13.encrypting_to_multiple_recipients"
            })
    void decryptsRfc7520JsonOnlyExamplesThroughTheSerializationIndependentCore(String file) throws JoseException {
        Map<String, Object> example = VectorFiles.json("rfc7520/jwe/" + file + ".json");
        Map<String, Object> input = VectorFiles.object(example, "input");
        Map<String, Object> json = VectorFiles.object(VectorFiles.object(example, "output"), "json");
        List<Jwk> keys = new ArrayList<>();
        if (input.get("key") instanceof List) {
            for (Object k : (List<?>) input.get("key")) {
                keys.add(jwk(k));
            }
        } else {
            keys.add(jwk(input.get("key")));
        }
        String protectedB64 = json.containsKey("protected") ? (String) json.get("protected") : "";
        String aad = protectedB64 + (json.containsKey("aad") ? "." + json.get("aad") : "");
        List<Object> recipients = VectorFiles.array(json, "recipients");
        assertThat(recipients).hasSameSizeAs(keys);

        for (int i = 0; i < recipients.size(); i++) {
            @SuppressWarnings("unchecked")
            Map<String, Object> recipient = (Map<String, Object>) recipients.get(i);
            Map<String, Object> header = new LinkedHashMap<>();
            if (!protectedB64.isEmpty()) {
                header.putAll(Json.parseObject(Base64Url.decode(protectedB64)));
            }
            if (json.containsKey("unprotected")) {
                header.putAll(VectorFiles.object(json, "unprotected"));
            }
            if (recipient.containsKey("header")) {
                header.putAll(VectorFiles.object(recipient, "header"));
            }
            JweDecrypter decrypter = decrypter(keys.get(i), (String) header.get("alg"), (String) header.get("enc"));

            byte[] plaintext = JweAccess.open(
                    decrypter,
                    header,
                    aad.getBytes(StandardCharsets.US_ASCII),
                    Base64Url.decode(VectorFiles.string(recipient, "encrypted_key")),
                    Base64Url.decode(VectorFiles.string(json, "iv")),
                    Base64Url.decode(VectorFiles.string(json, "ciphertext")),
                    Base64Url.decode(VectorFiles.string(json, "tag")));

            assertThat(new String(plaintext, StandardCharsets.UTF_8))
                    .as("recipient %d", i)
                    .isEqualTo(VectorFiles.string(input, "plaintext"));
        }
    }

    @Test
    void rfc7520Section5_10FailsWithoutItsAdditionalAuthenticatedData() throws JoseException {
        Map<String, Object> example =
                VectorFiles.json("rfc7520/jwe/5_10.including_additional_authentication_data.json");
        Map<String, Object> json = VectorFiles.object(VectorFiles.object(example, "output"), "json");
        String protectedB64 = VectorFiles.string(json, "protected");
        @SuppressWarnings("unchecked")
        Map<String, Object> recipient =
                (Map<String, Object>) VectorFiles.array(json, "recipients").get(0);
        JweDecrypter decrypter =
                decrypter(jwk(VectorFiles.object(example, "input").get("key")), "A128KW", "A128GCM");

        assertThatThrownBy(() -> JweAccess.open(
                        decrypter,
                        Json.parseObject(Base64Url.decode(protectedB64)),
                        protectedB64.getBytes(StandardCharsets.US_ASCII),
                        Base64Url.decode(VectorFiles.string(recipient, "encrypted_key")),
                        Base64Url.decode(VectorFiles.string(json, "iv")),
                        Base64Url.decode(VectorFiles.string(json, "ciphertext")),
                        Base64Url.decode(VectorFiles.string(json, "tag"))))
                .isInstanceOfSatisfying(
                        JoseException.class, e -> assertThat(e.reason()).isEqualTo(Reason.DECRYPTION_FAILED));
    }

    @Test
    void decryptsTheCookbookX25519EcdhEsExample() throws JoseException {
        Map<String, Object> example = VectorFiles.json("rfc7520/curve25519/ecdh-es.json");
        Map<String, Object> input = VectorFiles.object(example, "input");

        Jwe jwe = decrypter(jwk(input.get("key")), "ECDH-ES", "A128GCM")
                .decrypt(VectorFiles.string(VectorFiles.object(example, "output"), "compact"));

        assertThat(jwe.plaintextText()).isEqualTo(VectorFiles.string(input, "plaintext"));
    }

    /** RFC 7520 §6: a PS256 JWT nested in an RSA-OAEP / A128GCM JWE, verified an hour before its exp. */
    @Test
    void verifiesTheRfc7520Section6NestedJwt() throws JoseException {
        Map<String, Object> example = VectorFiles.json("rfc7520/6.nesting_signatures_and_encryption.json");
        Map<String, Object> sign = VectorFiles.object(example, "sign");
        Map<String, Object> encrypt = VectorFiles.object(example, "encrypt");
        Jwk signingKey = jwk(VectorFiles.object(sign, "input").get("key"));
        Jwk encryptionKey = jwk(VectorFiles.object(encrypt, "input").get("key"));
        String token = VectorFiles.string(VectorFiles.object(encrypt, "output"), "compact");

        Jwt jwt = JwtVerifier.builder(KeySource.of(signingKey.toPublicJwk()))
                .algorithms(JwsAlgorithm.PS256)
                .issuer("hobbiton.example")
                .acceptAnyAudience()
                .clock(Clock.fixed(Instant.ofEpochSecond(1300819380L - 3600), ZoneOffset.UTC))
                .decryptWith(decrypter(encryptionKey, "RSA-OAEP", "A128GCM"))
                .build()
                .verify(token);

        assertThat(jwt.claims().get("http://example.com/is_root")).isEqualTo(true);
        assertThat(jwt.header().algorithm()).isEqualTo("PS256");
        assertThat(jwt.encryptionHeader().algorithm()).isEqualTo("RSA-OAEP");
        assertThat(jwt.encryptionHeader().contentType()).isEqualTo("JWT");
    }

    private static byte[] bytes(List<Object> numbers) {
        byte[] b = new byte[numbers.size()];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) (long) (Long) numbers.get(i);
        }
        return b;
    }
}
