package dev.signet.jose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The JWE API's everyday behaviour: defaults, headers, key selection, limits, parsing. */
class JweApiTest {

    private static final byte[] PLAINTEXT = "hello".getBytes(StandardCharsets.UTF_8);

    private static JoseException.Reason reasonOf(ThrowingCall call) {
        try {
            call.run();
        } catch (JoseException e) {
            return e.reason();
        }
        throw new AssertionError("expected a JoseException");
    }

    interface ThrowingCall {
        void run() throws JoseException;
    }

    @Test
    void theEncrypterTakesAlgFromTheKeyAndDefaultsEncToA256Gcm() throws JoseException {
        Jwk kw = Jwk.fromSecret(new byte[32]).withAlgorithm("A256KW");
        JweEncrypter e = JweEncrypter.builder(kw).build();
        assertThat(e.algorithm()).isEqualTo(JweAlgorithm.A256KW);
        assertThat(e.encryption()).isEqualTo(ContentEncryption.A256GCM);

        Jwk dir = Jwk.fromSecret(new byte[16]).withAlgorithm("A128GCM");
        JweEncrypter d = JweEncrypter.builder(dir).build();
        assertThat(d.algorithm()).isEqualTo(JweAlgorithm.DIR);
        assertThat(d.encryption()).isEqualTo(ContentEncryption.A128GCM);

        assertThat(reasonOf(
                        () -> JweEncrypter.builder(Jwk.fromSecret(new byte[32])).build()))
                .isEqualTo(JoseException.Reason.ALG_NOT_ALLOWED);
    }

    @Test
    void writesTheConfiguredHeaderMembersAndTheKeysKid() throws JoseException {
        Jwk key = Jwk.fromSecret(new byte[16]).withKeyId("k1");
        String token = JweEncrypter.builder(key)
                .algorithm(JweAlgorithm.A128KW)
                .type("secevent+jwt")
                .contentType("json")
                .build()
                .encrypt(JweHeader.builder().member("x-tenant", "acme"), PLAINTEXT);

        JweHeader h = Jwe.parseUnverified(token).header();

        assertThat(h.members().keySet()).containsExactly("alg", "enc", "kid", "x-tenant");
        assertThat(h.get("x-tenant")).isEqualTo("acme");
        String configured = JweEncrypter.builder(key)
                .algorithm(JweAlgorithm.A128KW)
                .type("secevent+jwt")
                .contentType("json")
                .keyId("other")
                .build()
                .encrypt(PLAINTEXT);
        JweHeader c = Jwe.parseUnverified(configured).header();
        assertThat(c.type()).isEqualTo("secevent+jwt");
        assertThat(c.contentType()).isEqualTo("json");
        assertThat(c.keyId()).isEqualTo("other");
    }

    @Test
    void writesCriticalExtensionsThatOnlyADecrypterUnderstandingThemAccepts() throws JoseException {
        Jwk key = Jwk.fromSecret(new byte[16]);
        String token = JweEncrypter.builder(key)
                .algorithm(JweAlgorithm.A128KW)
                .build()
                .encrypt(JweHeader.builder().critical("policy", "strict"), PLAINTEXT);
        JweDecrypter.Builder d = JweDecrypter.builder(DecryptionKeySource.of(key))
                .algorithms(JweAlgorithm.A128KW)
                .encryptions(ContentEncryption.A256GCM);

        assertThat(Jwe.parseUnverified(token).header().critical()).containsExactly("policy");
        assertThat(reasonOf(() -> d.build().decrypt(token))).isEqualTo(JoseException.Reason.CRIT_NOT_UNDERSTOOD);
        assertThat(d.understoodCriticalHeaders("policy").build().decrypt(token).plaintext())
                .isEqualTo(PLAINTEXT);
        assertThatIllegalArgumentException()
                .isThrownBy(() -> JweHeader.builder().critical("kid", "x"));
    }

    @Test
    void theHeaderBuilderRefusesWhatTheEncrypterSets() {
        for (String name : List.of("alg", "enc", "zip", "epk", "apu", "apv", "iv", "tag", "p2s", "p2c", "crit")) {
            assertThatIllegalArgumentException()
                    .isThrownBy(() -> JweHeader.builder().member(name, "x"));
        }
    }

    @Test
    void carriesApuAndApvIntoTheKeyDerivation() throws JoseException {
        Jwk recipient = Jwk.generate(Curve.X448);
        byte[] apu = "Alice".getBytes(StandardCharsets.US_ASCII);
        byte[] apv = "Bob".getBytes(StandardCharsets.US_ASCII);
        String token = JweEncrypter.builder(recipient.toPublicJwk())
                .algorithm(JweAlgorithm.ECDH_ES)
                .agreementPartyInfo(apu, apv)
                .build()
                .encrypt(PLAINTEXT);
        JweDecrypter d = JweDecrypter.builder(DecryptionKeySource.of(recipient))
                .algorithms(JweAlgorithm.ECDH_ES)
                .encryptions(ContentEncryption.A256GCM)
                .build();

        Jwe jwe = d.decrypt(token);

        assertThat(jwe.header().agreementPartyUInfo()).isEqualTo(apu);
        assertThat(jwe.header().agreementPartyVInfo()).isEqualTo(apv);
        assertThat(jwe.plaintext()).isEqualTo(PLAINTEXT);
        // apv is in the KDF input: a token claiming another apv derives another key (and the AAD changes too).
        String otherApv =
                Forge.withHeaderMember(token, "apv", Base64Url.encode("Eve".getBytes(StandardCharsets.US_ASCII)));
        assertThat(reasonOf(() -> d.decrypt(otherApv))).isEqualTo(JoseException.Reason.DECRYPTION_FAILED);
    }

    /** An ECDH key limited to deriveKey keeps deriveKey in its public view, so senders can encrypt to it. */
    @Test
    void encryptsToAnEcdhKeyWhoseKeyOpsSayDeriveKey() throws JoseException {
        Jwk recipient = Jwk.generate(Curve.P_384).withKeyOps(List.of(Jwk.DERIVE_KEY));
        Jwk published = recipient.toPublicJwk();
        assertThat(published.keyOps()).containsExactly(Jwk.DERIVE_KEY);

        String token = JweEncrypter.builder(published)
                .algorithm(JweAlgorithm.ECDH_ES_A192KW)
                .build()
                .encrypt(PLAINTEXT);

        assertThat(JweDecrypter.builder(DecryptionKeySource.of(recipient))
                        .algorithms(JweAlgorithm.ECDH_ES_A192KW)
                        .encryptions(ContentEncryption.A256GCM)
                        .build()
                        .decrypt(token)
                        .plaintext())
                .isEqualTo(PLAINTEXT);
    }

    @Test
    void selectsTheKeyByKidFromAJwkSet() throws JoseException {
        Jwk a = Jwk.fromSecret(new byte[16]).withKeyId("a");
        Jwk b = Jwk.fromSecret(Arrays.copyOf(new byte[] {9}, 16)).withKeyId("b");
        JweDecrypter d = JweDecrypter.builder(DecryptionKeySource.of(JwkSet.of(a, b)))
                .algorithms(JweAlgorithm.A128KW)
                .encryptions(ContentEncryption.A256GCM)
                .build();

        Jwe jwe = d.decrypt(
                JweEncrypter.builder(b).algorithm(JweAlgorithm.A128KW).build().encrypt(PLAINTEXT));

        assertThat(jwe.decryptionKey()).isEqualTo(b);
        assertThat(reasonOf(() -> d.decrypt(JweEncrypter.builder(b.withKeyId("c"))
                        .algorithm(JweAlgorithm.A128KW)
                        .build()
                        .encrypt(PLAINTEXT))))
                .isEqualTo(JoseException.Reason.KEY_NOT_FOUND);
    }

    @Test
    void enforcesTheTokenLengthBeforeDecoding() throws JoseException {
        Jwk key = Jwk.fromSecret(new byte[16]);
        JweDecrypter d = JweDecrypter.builder(DecryptionKeySource.of(key))
                .algorithms(JweAlgorithm.A128KW)
                .encryptions(ContentEncryption.A256GCM)
                .maxTokenLength(200)
                .build();
        String big =
                JweEncrypter.builder(key).algorithm(JweAlgorithm.A128KW).build().encrypt(new byte[200]);
        String junk = "!".repeat(201);

        assertThat(reasonOf(() -> d.decrypt(big))).isEqualTo(JoseException.Reason.TOO_LARGE);
        assertThat(reasonOf(() -> d.decrypt(junk))).isEqualTo(JoseException.Reason.TOO_LARGE);
        assertThat(reasonOf(() -> Jwe.parseUnverified("x".repeat(Jwe.DEFAULT_MAX_LENGTH + 1))))
                .isEqualTo(JoseException.Reason.TOO_LARGE);
    }

    @Test
    void parsesStrictlyAndNamesAJwsForWhatItIs() {
        assertThat(reasonOf(() -> Jwe.parseUnverified("a.b.c"))).isEqualTo(JoseException.Reason.MALFORMED);
        assertThatThrownBy(() -> Jwe.parseUnverified("eyJhbGciOiJIUzI1NiJ9.e30.c2ln"))
                .hasMessageContaining("this is a JWS");
        assertThat(reasonOf(() -> Jwe.parseUnverified("a.b.c.d.e.f"))).isEqualTo(JoseException.Reason.MALFORMED);
        assertThat(reasonOf(() -> Jwe.parseUnverified(".b.c.d.e"))).isEqualTo(JoseException.Reason.MALFORMED);
        assertThat(reasonOf(() -> Jwe.parseUnverified(Base64Url.encode("{\"alg\":\"dir\",\"enc\":\"A128GCM\"}")
                        + "..AAAAAAAAAAAAAAAA.AA=.AAAAAAAAAAAAAAAAAAAAAA")))
                .isEqualTo(JoseException.Reason.MALFORMED);
        assertThat(reasonOf(() ->
                        Jwe.parseUnverified(Base64Url.encode("{\"alg\":\"dir\",\"enc\":\"A128GCM\",\"alg\":\"x\"}")
                                + "..AAAAAAAAAAAAAAAA.AA.AAAAAAAAAAAAAAAAAAAAAA")))
                .isEqualTo(JoseException.Reason.MALFORMED);
    }

    @Test
    void builderLimitsRefuseNonsense() {
        JweDecrypter.Builder b = JweDecrypter.builder(DecryptionKeySource.of());
        assertThatIllegalArgumentException().isThrownBy(() -> b.maxPbes2Iterations(0));
        assertThatIllegalArgumentException().isThrownBy(() -> b.maxDecompressedLength(0));
        assertThatIllegalArgumentException().isThrownBy(() -> b.maxTokenLength(15));
        assertThatIllegalArgumentException().isThrownBy(() -> b.maxJsonDepth(1001));
        assertThatIllegalArgumentException().isThrownBy(() -> b.algorithms(List.of()));
        assertThatIllegalArgumentException().isThrownBy(() -> b.encryptions(List.of()));
    }

    @Test
    void algorithmsAndEncryptionsRoundTripTheirIdentifiers() {
        for (JweAlgorithm a : JweAlgorithm.values()) {
            assertThat(JweAlgorithm.fromIdentifier(a.identifier())).isSameAs(a);
            assertThat(a.isInsecure()).isEqualTo(a == JweAlgorithm.RSA1_5);
        }
        for (ContentEncryption e : ContentEncryption.values()) {
            assertThat(ContentEncryption.fromIdentifier(e.identifier())).isSameAs(e);
        }
        assertThat(JweAlgorithm.fromIdentifier("RSA-OAEP-256 ")).isNull();
        assertThat(ContentEncryption.fromIdentifier("a256gcm")).isNull();
        assertThat(JweAlgorithm.ECDH_ES.acceptsKey(KeyType.OKP, Curve.X25519)).isTrue();
        assertThat(JweAlgorithm.ECDH_ES.acceptsKey(KeyType.OKP, Curve.ED25519)).isFalse();
        assertThat(JweAlgorithm.ECDH_ES.acceptsKey(KeyType.EC, Curve.SECP256K1)).isFalse();
    }

    /** Test helpers for editing a token's protected header. */
    static final class Forge {
        private Forge() {}

        static String withHeaderMember(String token, String name, Object value) throws JoseException {
            java.util.Map<String, Object> h = new java.util.LinkedHashMap<>(
                    Jwe.parseUnverified(token).header().members());
            h.put(name, value);
            return Base64Url.encode(dev.signet.jose.internal.json.Json.write(h)) + token.substring(token.indexOf('.'));
        }
    }
}
