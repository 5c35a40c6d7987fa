package dev.signet.jose.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.signet.jose.Base64Url;
import dev.signet.jose.ContentEncryption;
import dev.signet.jose.Curve;
import dev.signet.jose.JoseException.Reason;
import dev.signet.jose.JweAlgorithm;
import dev.signet.jose.JweHeader;
import dev.signet.jose.Jwk;
import java.nio.charset.StandardCharsets;
import java.security.Key;
import java.util.List;
import java.util.Map;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwa.AlgorithmConstraints.ConstraintType;
import org.jose4j.jwe.JsonWebEncryption;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.keys.AesKey;
import org.jose4j.keys.PbkdfKey;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * JWE interop with jose4j 0.9.6, both ways, for every {@code alg} × {@code enc} pair both
 * support, and nested JWTs (ES256 inside, {@code cty: JWT}) through jose4j's
 * {@code JwtConsumer} and Signet's {@code JwtVerifier}. jose4j's constraints are set to the one
 * {@code alg} and {@code enc} of each cell. jose4j has no {@code RSA-OAEP-384}/{@code -512}
 * (skipped), and writes X448 ephemeral keys one byte too long, which Signet refuses (asserted).
 */
@DisplayName("JWE interop with jose4j 0.9.6")
@ExtendWith(NamedFailures.class)
class Jose4jJweInteropTest {

    static List<JweInteropCase> cases() {
        return JweInteropCase.all();
    }

    static List<JweInteropCase> nested() {
        return List.of(
                new JweInteropCase(JweAlgorithm.RSA_OAEP_256, ContentEncryption.A256GCM, null),
                new JweInteropCase(JweAlgorithm.ECDH_ES, ContentEncryption.A128CBC_HS256, Curve.P_256),
                new JweInteropCase(JweAlgorithm.ECDH_ES_A256KW, ContentEncryption.A256GCM, Curve.X25519),
                new JweInteropCase(JweAlgorithm.A256KW, ContentEncryption.A256CBC_HS512, null));
    }

    @ParameterizedTest(name = "{0}: Signet encrypts, jose4j decrypts")
    @MethodSource("cases")
    void signetEncryptsJose4jDecrypts(JweInteropCase c) throws Exception {
        assumeSupported(c);
        JsonWebEncryption jwe = constrained(c);
        jwe.setCompactSerialization(SignetJwe.encrypt(c));
        jwe.setKey(recipientKey(c));
        assertThat(jwe.getPlaintextBytes()).isEqualTo(c.plaintext());
    }

    @ParameterizedTest(name = "{0}: jose4j encrypts, Signet decrypts")
    @MethodSource("cases")
    void jose4jEncryptsSignetDecrypts(JweInteropCase c) throws Exception {
        assumeSupported(c);
        JsonWebEncryption jwe = constrained(c);
        jwe.setAlgorithmHeaderValue(c.alg().identifier());
        jwe.setEncryptionMethodHeaderParameter(c.enc().identifier());
        jwe.setPlaintext(c.plaintext());
        jwe.setKey(senderKey(c));
        String token = jwe.getCompactSerialization();
        if (c.curve() == Curve.X448) {
            // jose4j 0.9.6 writes an X448 epk "x" of 57 bytes; RFC 8037 §2 / RFC 7748 §5: an X448
            // public key is 56. Signet refuses the malformed key (and jose4j reads Signet's 56-byte epk).
            Map<String, Object> epk = JweHeader.parse(new String(
                            Base64Url.decode(token.substring(0, token.indexOf('.'))), StandardCharsets.UTF_8))
                    .ephemeralPublicKey();
            assertThat(Base64Url.decode((String) epk.get("x"))).hasSize(57);
            assertThatThrownBy(() -> SignetJwe.decrypt(c, token))
                    .isInstanceOf(dev.signet.jose.JoseException.class)
                    .hasMessageContaining("must be 56 bytes, found 57")
                    .extracting(e -> ((dev.signet.jose.JoseException) e).reason())
                    .isEqualTo(Reason.KEY_REJECTED);
            return;
        }
        assertThat(SignetJwe.decrypt(c, token)).isEqualTo(c.plaintext());
    }

    private static void assumeSupported(JweInteropCase c) {
        assumeTrue(
                c.alg() != JweAlgorithm.RSA_OAEP_384 && c.alg() != JweAlgorithm.RSA_OAEP_512,
                "jose4j 0.9.6 has no RSA-OAEP-384 or RSA-OAEP-512");
    }

    @ParameterizedTest(name = "{0}: Signet signs and encrypts, jose4j decrypts and verifies")
    @MethodSource("nested")
    void signetNestedJwtJose4jProcesses(JweInteropCase c) throws Exception {
        JwtClaims claims = new JwtConsumerBuilder()
                .setDecryptionKey(recipientKey(c))
                .setJweAlgorithmConstraints(ConstraintType.PERMIT, c.alg().identifier())
                .setJweContentEncryptionAlgorithmConstraints(
                        ConstraintType.PERMIT, c.enc().identifier())
                .setVerificationKey(SignetJwe.SIGNING.publicKey())
                .setJwsAlgorithmConstraints(ConstraintType.PERMIT, "ES256")
                .setRequireExpirationTime()
                .setExpectedIssuer(SignetJwe.ISSUER)
                .setExpectedAudience(SignetJwe.AUDIENCE)
                .build()
                .processToClaims(SignetJwe.signAndEncrypt(c));
        assertThat(claims.getSubject()).isEqualTo(SignetJwe.SUBJECT);
    }

    @ParameterizedTest(name = "{0}: jose4j signs and encrypts, Signet decrypts and verifies")
    @MethodSource("nested")
    void jose4jNestedJwtSignetVerifies(JweInteropCase c) throws Exception {
        JsonWebSignature inner = new JsonWebSignature();
        inner.setAlgorithmHeaderValue("ES256");
        inner.setPayload(JwtClaims.parse(new String(
                        dev.signet.jose.internal.json.Json.write(SignetJwe.claims()), StandardCharsets.UTF_8))
                .toJson());
        inner.setKey(SignetJwe.SIGNING.privateKey());
        JsonWebEncryption outer = constrained(c);
        outer.setAlgorithmHeaderValue(c.alg().identifier());
        outer.setEncryptionMethodHeaderParameter(c.enc().identifier());
        outer.setContentTypeHeaderValue("JWT");
        outer.setPayload(inner.getCompactSerialization());
        outer.setKey(senderKey(c));
        assertThat(SignetJwe.verifyNested(c, outer.getCompactSerialization()).subject())
                .isEqualTo(SignetJwe.SUBJECT);
    }

    private static JsonWebEncryption constrained(JweInteropCase c) {
        JsonWebEncryption jwe = new JsonWebEncryption();
        jwe.setAlgorithmConstraints(
                new AlgorithmConstraints(ConstraintType.PERMIT, c.alg().identifier()));
        jwe.setContentEncryptionAlgorithmConstraints(
                new AlgorithmConstraints(ConstraintType.PERMIT, c.enc().identifier()));
        return jwe;
    }

    private static Key senderKey(JweInteropCase c) {
        Jwk k = c.senderKey();
        if (c.isRsa() || c.isEcdh()) {
            return k.publicKey();
        }
        return secret(c, k);
    }

    private static Key recipientKey(JweInteropCase c) {
        Jwk k = c.recipientKey();
        if (c.isRsa() || c.isEcdh()) {
            return k.privateKey();
        }
        return secret(c, k);
    }

    private static Key secret(JweInteropCase c, Jwk k) {
        return c.isPbes2()
                ? new PbkdfKey(JweInteropCase.PASSWORD)
                : new AesKey(k.secretKey().getEncoded());
    }
}
