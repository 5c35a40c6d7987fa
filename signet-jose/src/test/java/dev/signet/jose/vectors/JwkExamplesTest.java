package dev.signet.jose.vectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signet.jose.Base64Url;
import dev.signet.jose.Curve;
import dev.signet.jose.JoseException;
import dev.signet.jose.JoseException.Reason;
import dev.signet.jose.Jwk;
import dev.signet.jose.JwkSet;
import dev.signet.jose.JwsAlgorithm;
import dev.signet.jose.JwsVerifier;
import dev.signet.jose.KeySource;
import dev.signet.jose.KeyType;
import dev.signet.jose.internal.json.Json;
import java.math.BigInteger;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** RFC 7517 Appendix A (JWK Sets) and B (x5c), and RFC 7638 §3.1 (thumbprint). */
class JwkExamplesTest {

    private static final String DIR = "jose-rfc-vectors/";

    @Test
    void parsesThePublicKeysOfAppendixA1() throws JoseException {
        JwkSet set = JwkSet.parse(VectorFiles.text(DIR + "rfc7517_A.1.jwkset"));

        assertThat(set.skipped()).isEmpty();
        assertThat(set.keys()).hasSize(2);
        Jwk ec = set.keys().get(0);
        assertThat(ec.keyType()).isEqualTo(KeyType.EC);
        assertThat(ec.curve()).isEqualTo(Curve.P_256);
        assertThat(ec.use()).isEqualTo("enc");
        assertThat(ec.keyId()).isEqualTo("1");
        assertThat(ec.isPrivate()).isFalse();

        Jwk rsa = set.keys().get(1);
        assertThat(rsa.keyType()).isEqualTo(KeyType.RSA);
        assertThat(rsa.algorithm()).isEqualTo("RS256");
        assertThat(rsa.keyId()).isEqualTo("2011-04-29");
        assertThat(rsa.sizeBits()).isEqualTo(2048);
        RSAPublicKey pub = (RSAPublicKey) rsa.publicKey();
        assertThat(pub.getPublicExponent()).isEqualTo(BigInteger.valueOf(65537));
        assertThat(pub.getModulus()).isEqualTo(new BigInteger(1, Base64Url.decode((String)
                rsa.members().get("n"))));
    }

    @Test
    void parsesThePrivateKeysOfAppendixA2AsTheA1KeysWithTheirSecrets() throws JoseException {
        JwkSet privateSet = JwkSet.parse(VectorFiles.text(DIR + "rfc7517_A.2.jwkset"));
        JwkSet publicSet = JwkSet.parse(VectorFiles.text(DIR + "rfc7517_A.1.jwkset"));

        assertThat(privateSet.skipped()).isEmpty();
        assertThat(privateSet.keys()).allMatch(Jwk::isPrivate);
        assertThat(privateSet.keys().get(0).privateKey()).isInstanceOf(ECPrivateKey.class);
        assertThat(privateSet.keys().get(1).privateKey()).isInstanceOf(RSAPrivateCrtKey.class);
        assertThat(privateSet.toPublicSet().keys()).containsExactlyElementsOf(publicSet.keys());
    }

    @Test
    void parsesTheSymmetricKeysOfAppendixA3() throws JoseException {
        JwkSet set = JwkSet.parse(VectorFiles.text(DIR + "rfc7517_A.3.jwkset"));

        assertThat(set.skipped()).isEmpty();
        Jwk wrapKey = set.keys().get(0);
        assertThat(wrapKey.keyType()).isEqualTo(KeyType.OCT);
        assertThat(wrapKey.algorithm()).isEqualTo("A128KW");
        assertThat(wrapKey.sizeBits()).isEqualTo(128);
        Jwk macKey = set.keys().get(1);
        assertThat(macKey.keyId()).isEqualTo("HMACkeyusedinJWSspecAppendixA.1example");
        assertThat(macKey.sizeBits()).isEqualTo(512);

        // As its kid says, the second key is the one of RFC 7515 A.1; the A128KW key may not serve HS256.
        String a1 = VectorFiles.text(DIR + "rfc7515_A.1.jwsc");
        assertThat(JwsVerifier.builder(KeySource.of(set))
                        .algorithms(JwsAlgorithm.HS256)
                        .build()
                        .verify(a1)
                        .verifiedKey())
                .isEqualTo(macKey);
    }

    @Test
    void parsesTheX5cKeyOfAppendixBWhoseCertificateHoldsTheKey() throws JoseException {
        Jwk key = Jwk.parse(VectorFiles.text(DIR + "rfc7517_B.jwk"));

        List<X509Certificate> chain = key.certificateChain();
        assertThat(chain).hasSize(1);
        assertThat(chain.get(0).getPublicKey().getEncoded())
                .isEqualTo(key.publicKey().getEncoded());
        assertThat(key.keyId()).isEqualTo("1b94c");
        assertThat(key.use()).isEqualTo("sig");
    }

    @Test
    void rejectsTheX5cOfAppendixBOnAnotherKey() throws JoseException {
        Map<String, Object> b = new LinkedHashMap<>(Json.parseObject(VectorFiles.text(DIR + "rfc7517_B.jwk")));
        Jwk other = JwkSet.parse(VectorFiles.text(DIR + "rfc7517_A.1.jwkset"))
                .keys()
                .get(1);
        b.put("n", other.members().get("n"));

        // RFC 7517 §4.7: the key in the first certificate MUST match the JWK's key.
        assertThatThrownBy(() -> Jwk.fromMap(b))
                .isInstanceOfSatisfying(
                        JoseException.class, e -> assertThat(e.reason()).isEqualTo(Reason.KEY_REJECTED));
    }

    @Test
    void computesTheThumbprintOfRfc7638Section31() throws JoseException {
        Jwk key = Jwk.parse(VectorFiles.text(DIR + "rfc7638_3.1.jwk"));
        String expected = VectorFiles.text(DIR + "rfc7638_3.1.thp").strip();

        assertThat(expected).isEqualTo("NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs");
        assertThat(key.thumbprint()).isEqualTo(expected);
        // Only the required members count (RFC 7638 §3.2): RFC 7517 A.1 has the same n and e.
        Jwk sameKey = JwkSet.parse(VectorFiles.text(DIR + "rfc7517_A.1.jwkset"))
                .keys()
                .get(1);
        assertThat(sameKey.thumbprint()).isEqualTo(expected);
    }
}
