package dev.signet.jose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class RoundTripTest {

    @ParameterizedTest
    @EnumSource(JwsAlgorithm.class)
    void signsAndVerifiesEveryAvailableAlgorithm(JwsAlgorithm alg) throws Exception {
        assumeTrue(alg.isAvailable(), alg + " not available on this runtime");
        Jwk key = Jwk.generate(alg);
        assertThat(key.keyId()).isEqualTo(key.thumbprint());
        Instant now = Instant.now();
        JwtClaims claims = JwtClaims.builder()
                .issuer("https://issuer.example")
                .subject("alice")
                .audience("api")
                .issuedAt(now)
                .expiresAt(now.plusSeconds(300))
                .claim("scope", "read")
                .build();
        String token = JwtSigner.builder(key).type("at+jwt").build().sign(claims);

        JwkSet published = JwkSet.parse(JwkSet.of(key).toPublicSet().toJson());
        KeySource keys = alg.isSymmetric() ? KeySource.of(key) : KeySource.of(published);
        Jwt jwt = JwtVerifier.builder(keys)
                .issuer("https://issuer.example")
                .audience("api")
                .type("at+jwt")
                .build()
                .verify(token);
        assertThat(jwt.claims()).isEqualTo(claims);
        assertThat(jwt.header().algorithm()).isEqualTo(alg.identifier());
        assertThat(jwt.key().keyId()).isEqualTo(key.keyId());

        // one flipped signature byte
        int last = token.lastIndexOf('.') + 1;
        char c = token.charAt(last);
        String tampered = token.substring(0, last) + (c == 'A' ? 'B' : 'A') + token.substring(last + 1);
        assertThatThrownBy(() -> JwtVerifier.builder(keys)
                        .issuer("https://issuer.example")
                        .audience("api")
                        .build()
                        .verify(tampered))
                .isInstanceOfSatisfying(
                        JoseException.class,
                        e -> assertThat(e.reason())
                                .isIn(JoseException.Reason.BAD_SIGNATURE, JoseException.Reason.MALFORMED));
    }
}
