package dev.signet.jose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signet.jose.JoseException.Reason;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class JwkTest {

    private static final List<String> PRIVATE_MEMBERS = List.of("d", "p", "q", "dp", "dq", "qi", "oth", "k", "priv");

    @ParameterizedTest
    @EnumSource(
            value = JwsAlgorithm.class,
            names = {"RS256", "ES256", "ES384", "ES512", "EDDSA", "ED448"})
    void publicViewNeverHoldsPrivateMembers(JwsAlgorithm alg) throws JoseException {
        Jwk key = Jwk.generate(alg).withKeyOps(List.of("sign", "verify"));
        assertThat(key.isPrivate()).isTrue();
        Jwk pub = key.toPublicJwk();
        assertThat(pub.isPrivate()).isFalse();
        assertThat(pub.members()).doesNotContainKeys(PRIVATE_MEMBERS.toArray(new String[0]));
        assertThat(pub.keyOps()).containsExactly("verify");
        assertThat(pub.thumbprint()).isEqualTo(key.thumbprint());
        assertThat(Jwk.parse(pub.toJson())).isEqualTo(pub);
        assertThat(JwkSet.of(key).toPublicSet().toJson()).doesNotContain("\"d\"");
    }

    @Test
    void symmetricKeysHaveNoPublicFormAndAreLeftOutOfPublicSets() throws JoseException {
        Jwk secret = Jwk.generate(JwsAlgorithm.HS256);
        assertThatThrownBy(secret::toPublicJwk).isInstanceOf(IllegalStateException.class);
        assertThat(JwkSet.of(secret, Jwk.generate(JwsAlgorithm.ES256))
                        .toPublicSet()
                        .keys())
                .hasSize(1);
    }

    @Test
    void toStringNeverShowsKeyMaterial() throws JoseException {
        Jwk key = Jwk.generate(JwsAlgorithm.HS256);
        String k = (String) key.members().get("k");
        assertThat(key.toString()).doesNotContain(k).contains("oct").contains("private");
    }

    @Test
    void useAndKeyOpsMustAgreeAndKeyOpsMustBeUnique() {
        String base = "{\"kty\":\"oct\",\"k\":\"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\"";
        assertThatThrownBy(() -> Jwk.parse(base + ",\"use\":\"sig\",\"key_ops\":[\"encrypt\"]}"))
                .isInstanceOfSatisfying(
                        JoseException.class, e -> assertThat(e.reason()).isEqualTo(Reason.KEY_REJECTED));
        assertThatThrownBy(() -> Jwk.parse(base + ",\"key_ops\":[\"sign\",\"sign\"]}"))
                .isInstanceOfSatisfying(
                        JoseException.class, e -> assertThat(e.reason()).isEqualTo(Reason.MALFORMED));
    }

    @Test
    void permitsHonoursUseKeyOpsAndAlg() throws JoseException {
        Jwk key = Jwk.generate(JwsAlgorithm.ES256);
        assertThat(key.permits(Jwk.VERIFY, "ES256")).isTrue();
        assertThat(key.permits(Jwk.VERIFY, "ES384")).isFalse();
        assertThat(key.permits(Jwk.ENCRYPT, "ES256")).isFalse();
        Jwk verifyOnly = key.withUse(null).withAlgorithm(null).withKeyOps(List.of("verify"));
        assertThat(verifyOnly.permits(Jwk.SIGN, "ES256")).isFalse();
        assertThat(verifyOnly.permits(Jwk.VERIFY, "ES512")).isTrue();
    }

    @Test
    void rejectsEcPointsOffTheCurveAndWrongCoordinateLengths() throws JoseException {
        Jwk good = Jwk.generate(JwsAlgorithm.ES256).toPublicJwk();
        Map<String, Object> m = new java.util.LinkedHashMap<>(good.members());
        byte[] y = Base64Url.decode((String) m.get("y"));
        y[31] ^= 1;
        m.put("y", Base64Url.encode(y));
        assertThatThrownBy(() -> Jwk.fromMap(m))
                .isInstanceOfSatisfying(
                        JoseException.class, e -> assertThat(e.reason()).isEqualTo(Reason.KEY_REJECTED));
        m.put("y", Base64Url.encode(new byte[31]));
        assertThatThrownBy(() -> Jwk.fromMap(m)).hasMessageContaining("32 bytes");
    }

    @Test
    void requiresAllCrtMembersOrNone() throws JoseException {
        Map<String, Object> m =
                new java.util.LinkedHashMap<>(Jwk.generate(JwsAlgorithm.RS256).members());
        m.remove("qi");
        assertThatThrownBy(() -> Jwk.fromMap(m)).hasMessageContaining("CRT");
    }

    @ParameterizedTest
    @EnumSource(
            value = JwsAlgorithm.class,
            names = {"RS256", "ES256", "ES512", "EDDSA", "ED448"})
    void convertsToAndFromPem(JwsAlgorithm alg) throws JoseException {
        Jwk key = Jwk.generate(alg);
        Jwk pub = Jwk.fromPem(key.toPublicPem());
        assertThat(pub.thumbprint()).isEqualTo(key.thumbprint());
        assertThat(pub.isPrivate()).isFalse();
        Jwk priv = Jwk.fromPem(key.toPrivatePem());
        assertThat(priv.isPrivate()).isTrue();
        assertThat(priv.thumbprint()).isEqualTo(key.thumbprint());
        assertThat(priv.toPrivatePem()).isEqualTo(key.toPrivatePem());
    }

    @Test
    void refusesPemThatIsNotPem() {
        assertThatThrownBy(() -> Jwk.fromPem("{\"kty\":\"oct\"}")).hasMessageContaining("not PEM");
        assertThatThrownBy(() -> Jwk.fromPem("-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----"))
                .isInstanceOf(JoseException.class);
        assertThatThrownBy(() -> Jwk.fromPem("-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----"))
                .isInstanceOfSatisfying(
                        JoseException.class, e -> assertThat(e.reason()).isEqualTo(Reason.UNSUPPORTED));
    }

    @Test
    void thumbprintUriFollowsRfc9278() throws JoseException {
        Jwk key = Jwk.generate(JwsAlgorithm.ES256);
        assertThat(key.thumbprintUri()).isEqualTo("urn:ietf:params:oauth:jwk-thumbprint:sha-256:" + key.thumbprint());
    }

    @Test
    void jwkSetSkipsUnusableKeysAndSaysWhy() throws JoseException {
        String pub = Jwk.generate(JwsAlgorithm.ES256).toPublicJwk().toJson();
        JwkSet set = JwkSet.parse("{\"keys\":[" + pub + ",{\"kty\":\"XYZ\",\"kid\":\"future\"},"
                + "{\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":\"AA\",\"y\":\"AA\"}]}");
        assertThat(set.keys()).hasSize(1);
        assertThat(set.skipped()).hasSize(2);
        assertThat(set.skipped().get(0)).contains("future").contains("UNSUPPORTED");
        assertThatThrownBy(() -> JwkSet.parse("{\"keys\":{}}")).hasMessageContaining("keys");
    }

    @Test
    void rejectsUnknownKtyAndMissingMembers() {
        assertThatThrownBy(() -> Jwk.parse("{\"kty\":\"rsa\",\"n\":\"AQ\",\"e\":\"AQ\"}"))
                .isInstanceOfSatisfying(
                        JoseException.class, e -> assertThat(e.reason()).isEqualTo(Reason.UNSUPPORTED));
        assertThatThrownBy(() -> Jwk.parse("{\"kty\":\"RSA\",\"e\":\"AQAB\"}")).hasMessageContaining("\"n\"");
        assertThatThrownBy(() -> Jwk.parse("{\"n\":\"AQ\"}")).hasMessageContaining("kty");
    }
}
