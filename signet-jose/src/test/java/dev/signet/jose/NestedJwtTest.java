package dev.signet.jose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** Nested JWTs (RFC 7519 §5.2): sign, then encrypt; the verifier decrypts, then checks everything. */
class NestedJwtTest {

    private static final Instant NOW = Instant.parse("2030-01-01T00:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final Jwk ISSUER_KEY =
            key(() -> Jwk.generate(JwsAlgorithm.ES256).withKeyId("issuer-1"));
    private static final Jwk RECIPIENT_KEY =
            key(() -> Jwk.generate(Curve.P_256).withKeyId("api-enc-1").withUse("enc"));

    interface KeyMaker {
        Jwk make() throws JoseException;
    }

    private static Jwk key(KeyMaker m) {
        try {
            return m.make();
        } catch (JoseException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JwtClaims claims(Instant exp) {
        return JwtClaims.builder()
                .issuer("https://issuer.example")
                .audience("https://api.example")
                .subject("alice")
                .issuedAt(NOW)
                .expiresAt(exp)
                .claim("email", "alice@example.com")
                .build();
    }

    private static JweEncrypter encrypter() throws JoseException {
        return JweEncrypter.builder(RECIPIENT_KEY.toPublicJwk())
                .algorithm(JweAlgorithm.ECDH_ES_A256KW)
                .encryption(ContentEncryption.A256GCM)
                .build();
    }

    private static JweDecrypter decrypter() {
        return JweDecrypter.builder(DecryptionKeySource.of(RECIPIENT_KEY))
                .algorithms(JweAlgorithm.ECDH_ES_A256KW)
                .encryptions(ContentEncryption.A256GCM)
                .build();
    }

    private static JwtVerifier.Builder verifier() {
        return JwtVerifier.builder(KeySource.of(ISSUER_KEY.toPublicJwk()))
                .issuer("https://issuer.example")
                .audience("https://api.example")
                .clock(CLOCK);
    }

    @Test
    void signsThenEncryptsAndTheVerifierOpensBothLayers() throws JoseException {
        String token = JwtSigner.builder(ISSUER_KEY)
                .type("at+jwt")
                .build()
                .signAndEncrypt(claims(NOW.plusSeconds(300)), encrypter());

        Jwt jwt = verifier().type("at+jwt").decryptWith(decrypter()).build().verify(token);

        assertThat(token.split("\\.", -1)).hasSize(5);
        assertThat(jwt.claims().get("email")).isEqualTo("alice@example.com");
        assertThat(jwt.key()).isEqualTo(ISSUER_KEY.toPublicJwk());
        assertThat(jwt.header().type()).isEqualTo("at+jwt");
        assertThat(jwt.encryptionHeader().contentType()).isEqualTo("JWT");
        assertThat(jwt.encryptionHeader().keyId()).isEqualTo("api-enc-1");
    }

    @Test
    void theInnerTokenFacesEveryCheck() throws JoseException {
        JwtVerifier v = verifier().type("at+jwt").decryptWith(decrypter()).build();
        JwtSigner signer = JwtSigner.builder(ISSUER_KEY).type("at+jwt").build();

        assertThatThrownBy(() -> v.verify(signer.signAndEncrypt(claims(NOW.minusSeconds(120)), encrypter())))
                .isInstanceOfSatisfying(
                        JoseException.class, e -> assertThat(e.reason()).isEqualTo(JoseException.Reason.EXPIRED));
        String idToken =
                JwtSigner.builder(ISSUER_KEY).build().signAndEncrypt(claims(NOW.plusSeconds(300)), encrypter());
        assertThatThrownBy(() -> v.verify(idToken))
                .isInstanceOfSatisfying(
                        JoseException.class, e -> assertThat(e.reason()).isEqualTo(JoseException.Reason.WRONG_TYPE));
        Jwk stranger = Jwk.generate(JwsAlgorithm.ES256).withKeyId("issuer-1");
        String forged = JwtSigner.builder(stranger)
                .type("at+jwt")
                .build()
                .signAndEncrypt(claims(NOW.plusSeconds(300)), encrypter());
        assertThatThrownBy(() -> v.verify(forged))
                .isInstanceOfSatisfying(
                        JoseException.class, e -> assertThat(e.reason()).isEqualTo(JoseException.Reason.BAD_SIGNATURE));
    }

    @Test
    void stillAcceptsSignedTokensThatAreNotEncrypted() throws JoseException {
        String token = JwtSigner.builder(ISSUER_KEY).build().sign(claims(NOW.plusSeconds(300)));

        Jwt jwt = verifier().decryptWith(decrypter()).build().verify(token);

        assertThat(jwt.claims().subject()).isEqualTo("alice");
        assertThat(jwt.encryptionHeader()).isNull();
    }

    @Test
    void encryptNestedRefusesSomethingThatIsNotAJws() throws JoseException {
        JweEncrypter e = encrypter();
        assertThatThrownBy(() -> e.encryptNested("{\"sub\":\"alice\"}")).isInstanceOf(JoseException.class);
    }
}
