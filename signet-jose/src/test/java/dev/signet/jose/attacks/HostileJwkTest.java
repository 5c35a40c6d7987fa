package dev.signet.jose.attacks;

import static dev.signet.jose.JoseException.Reason.KEY_REJECTED;
import static dev.signet.jose.JoseException.Reason.MALFORMED;
import static dev.signet.jose.attacks.Forge.rejects;
import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.jose.Jwk;
import dev.signet.jose.JwkSet;
import dev.signet.jose.JwsAlgorithm;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * JWKs from a remote JWKS or a token header are attacker-controlled documents. A bad key is
 * rejected with a reason (and skipped within a set), never an unchecked exception that takes the
 * whole set, or the request, down with it.
 */
class HostileJwkTest {

    private static final Certificates.Issued CA = Certificates.selfSignedCa("CN=Jwk Test Root");
    private static final Certificates.Issued LEAF = Certificates.leaf("CN=leaf", CA);

    @Test
    void rejectsSymmetricKeyCarryingACertificateChain() {
        String jwk = "{\"kty\":\"oct\",\"k\":\"" + Forge.b64(TrustedIssuer.SECRET) + "\",\"x5c\":"
                + Certificates.x5c(LEAF.certificate()) + "}";
        rejects(MALFORMED, () -> Jwk.parse(jwk));
    }

    @Test
    void skipsSymmetricKeyCarryingACertificateChainInAJwkSet() throws Exception {
        String set = "{\"keys\":[{\"kty\":\"oct\",\"k\":\"" + Forge.b64(TrustedIssuer.SECRET) + "\",\"x5c\":"
                + Certificates.x5c(LEAF.certificate()) + "},"
                + TrustedIssuer.EC.toPublicJwk().toJson() + "]}";
        JwkSet parsed = JwkSet.parse(set);
        assertThat(parsed.keys()).extracting(Jwk::keyId).containsExactly("ec-1");
        assertThat(parsed.skipped()).hasSize(1);
    }

    @Test
    void rejectsCertificateThatDoesNotHoldTheKey() {
        // RFC 7517 §4.7: the first certificate must hold the JWK's key; otherwise a trusted
        // certificate could vouch for an attacker's key.
        String jwk = TrustedIssuer.EC
                .toPublicJwk()
                .toJson()
                .replaceFirst("\\}$", ",\"x5c\":" + Certificates.x5c(LEAF.certificate()) + "}");
        rejects(KEY_REJECTED, () -> Jwk.parse(jwk));
    }

    @Test
    void acceptsCertificateThatHoldsTheKey() throws Exception {
        Jwk fromCert = Jwk.fromPublicKey(LEAF.certificate().getPublicKey());
        String jwk = fromCert.toJson().replaceFirst("\\}$", ",\"x5c\":" + Certificates.x5c(LEAF.certificate()) + "}");
        assertThat(Jwk.parse(jwk).certificateChain()).containsExactly(LEAF.certificate());
    }

    @Test
    void rejectsUseAndKeyOpsThatDisagree() {
        String jwk = TrustedIssuer.EC
                .toPublicJwk()
                .withUse(null)
                .toJson()
                .replaceFirst("\\}$", ",\"use\":\"sig\",\"key_ops\":[\"encrypt\"]}");
        rejects(KEY_REJECTED, () -> Jwk.parse(jwk));
    }

    @Test
    void rejectsMalformedMembers() {
        String n = (String) TrustedIssuer.RSA.members().get("n");
        String d = (String) TrustedIssuer.RSA.members().get("d");
        for (String jwk : List.of(
                "{\"kty\":\"RSA\",\"n\":\"" + n + "\",\"e\":\"AQAB\",\"d\":\"" + d + "\",\"p\":\"AQAB\"}",
                "{\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":1,\"y\":2}",
                "{\"kty\":\"oct\",\"k\":\"AAAA\",\"key_ops\":[\"verify\",\"verify\"]}",
                "{\"kty\":\"oct\",\"k\":\"AAAA\",\"key_ops\":\"verify\"}",
                "{\"kty\":\"oct\",\"k\":\"AAAA\",\"kid\":7}",
                "{\"kty\":\"oct\",\"k\":\"AAAA\",\"alg\":null}",
                "{\"kty\":\"oct\"}",
                "{\"kty\":null}",
                "[]",
                "{\"kty\":\"oct\",\"k\":\"AAAA\"} trailing")) {
            rejects(MALFORMED, () -> Jwk.parse(jwk));
        }
    }

    @Test
    void rejectsRsaPrivateKeyWhosePrimesDoNotMatchTheModulus() {
        String json = TrustedIssuer.RSA.toJson();
        String p = (String) TrustedIssuer.RSA.members().get("p");
        String q = (String) TrustedIssuer.RSA.members().get("q");
        rejects(KEY_REJECTED, () -> Jwk.parse(json.replace("\"p\":\"" + p, "\"p\":\"" + q)));
    }

    @Test
    void publicViewDropsPrivateMembersOfAKeyThatParsedAsPublic() throws Exception {
        // Found by JwkFuzzTest: without "d" a JWK is a public key, yet it may still carry the primes
        // (or an oct "k"); publishing its "public view" must not publish them.
        Map<String, Object> noD = new LinkedHashMap<>(TrustedIssuer.RSA.members());
        noD.remove("d");
        Map<String, Object> ecWithK =
                new LinkedHashMap<>(TrustedIssuer.EC.toPublicJwk().members());
        ecWithK.put("k", Forge.b64(TrustedIssuer.SECRET));
        for (Map<String, Object> members : List.of(noD, ecWithK)) {
            Jwk parsed = Jwk.fromMap(members);
            assertThat(parsed.isPrivate()).isFalse();
            assertThat(parsed.toPublicJwk().members()).doesNotContainKeys("p", "q", "dp", "dq", "qi", "k");
            assertThat(JwkSet.of(parsed).toPublicSet().toJson()).doesNotContain("\"p\"", "\"k\"");
        }
    }

    @Test
    void publicViewNeverCarriesPrivateMembers() throws Exception {
        for (Jwk k : List.of(TrustedIssuer.RSA, TrustedIssuer.EC, Jwk.generate(JwsAlgorithm.EDDSA))) {
            Jwk pub = k.toPublicJwk();
            assertThat(pub.isPrivate()).isFalse();
            assertThat(pub.members()).doesNotContainKeys("d", "p", "q", "dp", "dq", "qi", "k", "priv");
            assertThat(JwkSet.of(k).toPublicSet().toJson())
                    .doesNotContain((String) k.members().get("d"));
        }
    }
}
