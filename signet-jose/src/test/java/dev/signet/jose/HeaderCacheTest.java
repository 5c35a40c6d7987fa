package dev.signet.jose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signet.jose.JoseException.Reason;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** A cached header saves parsing only: every check still runs on every token. */
class HeaderCacheTest {

    @Test
    void aCachedHeaderStillFacesEveryCheck() throws JoseException {
        Jwk key = Jwk.generate(JwsAlgorithm.HS256);
        JwsSigner signer = JwsSigner.builder(key).build();
        JwsVerifier verifier = JwsVerifier.builder(KeySource.of(key)).build();
        String good = signer.sign("one".getBytes(StandardCharsets.UTF_8));
        assertThat(verifier.verify(good).payloadText()).isEqualTo("one");
        // same header bytes, forged payload: the signature check runs again
        String forged = good.substring(0, good.indexOf('.') + 1)
                + Base64Url.encode("two")
                + good.substring(good.lastIndexOf('.'));
        assertThatThrownBy(() -> verifier.verify(forged))
                .isInstanceOfSatisfying(
                        JoseException.class, e -> assertThat(e.reason()).isEqualTo(Reason.BAD_SIGNATURE));
        // a stricter verifier rejects the header the first one cached
        JwsVerifier typed =
                JwsVerifier.builder(KeySource.of(key)).type("at+jwt").build();
        assertThatThrownBy(() -> typed.verify(good))
                .isInstanceOfSatisfying(
                        JoseException.class, e -> assertThat(e.reason()).isEqualTo(Reason.WRONG_TYPE));
        JwsVerifier hs384Only = JwsVerifier.builder(KeySource.of(key))
                .algorithms(JwsAlgorithm.HS384)
                .build();
        assertThatThrownBy(() -> hs384Only.verify(good))
                .isInstanceOfSatisfying(
                        JoseException.class, e -> assertThat(e.reason()).isEqualTo(Reason.ALG_NOT_ALLOWED));
    }

    @Test
    void manyDistinctHeadersEachResolveToTheirOwnKey() throws JoseException {
        Jwk[] keys = new Jwk[20];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = Jwk.generate(JwsAlgorithm.HS256).withKeyId("k" + i);
        }
        JwsVerifier verifier = JwsVerifier.builder(KeySource.of(keys)).build();
        for (int round = 0; round < 2; round++) {
            for (Jwk k : keys) {
                String token = JwsSigner.builder(k).build().sign(k.keyId().getBytes(StandardCharsets.UTF_8));
                Jws jws = verifier.verify(token);
                assertThat(jws.verifiedKey().keyId()).isEqualTo(k.keyId());
                assertThat(jws.payloadText()).isEqualTo(k.keyId());
            }
        }
    }

    @Test
    void aMalformedHeaderIsRejectedEveryTime() throws JoseException {
        Jwk key = Jwk.generate(JwsAlgorithm.HS256);
        JwsVerifier verifier = JwsVerifier.builder(KeySource.of(key)).build();
        String badHeader = Base64Url.encode("{\"alg\":\"HS256\",\"crit\":[\"zzz\"]}") + ".e30.AAAA";
        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(() -> verifier.verify(badHeader))
                    .isInstanceOf(JoseException.class)
                    .hasMessageContaining("crit");
        }
    }
}
