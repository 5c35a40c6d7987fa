package dev.signet.jose.interop;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObjectJSON;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.UnprotectedHeader;
import com.nimbusds.jose.crypto.factories.DefaultJWSSignerFactory;
import com.nimbusds.jose.crypto.factories.DefaultJWSVerifierFactory;
import com.nimbusds.jose.jwk.JWK;
import dev.signet.jose.Jwk;
import dev.signet.jose.JwsAlgorithm;
import dev.signet.jose.JwsHeader;
import dev.signet.jose.JwsJson;
import dev.signet.jose.JwsSigner;
import dev.signet.jose.JwsVerifier;
import dev.signet.jose.KeySource;
import dev.signet.jose.KeyType;
import java.nio.charset.StandardCharsets;
import java.security.Key;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * JWS JSON serialization with Nimbus JOSE+JWT 10.10 ({@code JWSObjectJSON}), both ways, general and
 * flattened, with the {@code kid} in the unprotected header, for the JDK's HMAC, RSA and ECDSA
 * algorithms (Nimbus needs Tink for EdDSA, see {@link NimbusInteropTest}).
 */
class NimbusJwsJsonInteropTest {

    private static final byte[] PAYLOAD = "{\"interop\":\"JSON serialization\"}".getBytes(StandardCharsets.UTF_8);

    private static Jwk published(Jwk key) {
        return key.keyType() == KeyType.OCT ? key : key.toPublicJwk();
    }

    private static Key verificationKey(Jwk key) {
        return key.keyType() == KeyType.OCT ? key.secretKey() : key.publicKey();
    }

    @ParameterizedTest
    @EnumSource(
            value = JwsAlgorithm.class,
            names = {
                "HS256", "HS384", "HS512", "RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384",
                "ES512"
            })
    void nimbusVerifiesWhatSignetSigns(JwsAlgorithm alg) throws Exception {
        Jwk key = Jwk.generate(alg).withKeyId("signet-1");
        JwsJson signed = JwsJson.builder(PAYLOAD)
                .sign(JwsSigner.builder(key).build(), JwsHeader.builder(), Map.of("kid", "signet-1"))
                .build();

        for (String json : new String[] {signed.toGeneralJson(), signed.toFlattenedJson()}) {
            JWSObjectJSON parsed = JWSObjectJSON.parse(json);
            assertThat(parsed.getPayload().toBytes()).isEqualTo(PAYLOAD);
            assertThat(parsed.getSignatures()).singleElement().satisfies(s -> {
                assertThat(s.getHeader().getAlgorithm().getName()).isEqualTo(alg.identifier());
                assertThat(s.getUnprotectedHeader().getKeyID()).isEqualTo("signet-1");
                assertThat(s.verify(
                                new DefaultJWSVerifierFactory().createJWSVerifier(s.getHeader(), verificationKey(key))))
                        .isTrue();
            });
        }
    }

    @ParameterizedTest
    @EnumSource(
            value = JwsAlgorithm.class,
            names = {
                "HS256", "HS384", "HS512", "RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384",
                "ES512"
            })
    void signetVerifiesWhatNimbusSigns(JwsAlgorithm alg) throws Exception {
        Jwk key = Jwk.generate(alg).withKeyId("nimbus-1");
        JWSObjectJSON nimbus = new JWSObjectJSON(new Payload(PAYLOAD));
        nimbus.sign(
                new JWSHeader(JWSAlgorithm.parse(alg.identifier())),
                new UnprotectedHeader.Builder().keyID("nimbus-1").build(),
                new DefaultJWSSignerFactory()
                        .createJWSSigner(JWK.parse(key.toJson()), JWSAlgorithm.parse(alg.identifier())));
        JwsVerifier verifier = JwsVerifier.builder(KeySource.of(published(key)))
                .algorithms(alg)
                .build();

        for (String json : new String[] {nimbus.serializeGeneral(), nimbus.serializeFlattened()}) {
            JwsJson verified = verifier.verifyJson(json);
            assertThat(verified.payload()).isEqualTo(PAYLOAD);
            assertThat(verified.verifiedSignatures()).singleElement().satisfies(s -> {
                assertThat(s.verifiedKey().keyId()).isEqualTo("nimbus-1");
                assertThat(s.isProtected("kid")).isFalse();
            });
        }
    }

    @Test
    void bothReadEachOthersMultipleSignatures() throws Exception {
        Jwk ec = Jwk.generate(JwsAlgorithm.ES256).withKeyId("ec");
        Jwk rsa = Jwk.generate(JwsAlgorithm.PS384).withKeyId("rsa");
        JWSObjectJSON nimbus = new JWSObjectJSON(new Payload(PAYLOAD));
        nimbus.sign(
                new JWSHeader.Builder(JWSAlgorithm.ES256).keyID("ec").build(),
                new DefaultJWSSignerFactory().createJWSSigner(JWK.parse(ec.toJson()), JWSAlgorithm.ES256));
        nimbus.sign(
                new JWSHeader(JWSAlgorithm.PS384),
                new UnprotectedHeader.Builder().keyID("rsa").build(),
                new DefaultJWSSignerFactory().createJWSSigner(JWK.parse(rsa.toJson()), JWSAlgorithm.PS384));

        JwsJson verified = JwsVerifier.builder(KeySource.of(ec.toPublicJwk(), rsa.toPublicJwk()))
                .requireAllSignatures()
                .build()
                .verifyJson(nimbus.serializeGeneral());
        assertThat(verified.verifiedSignatures())
                .extracting(s -> s.verifiedKey().keyId())
                .containsExactly("ec", "rsa");

        String signet = JwsJson.builder(PAYLOAD)
                .sign(JwsSigner.builder(ec).build())
                .sign(JwsSigner.builder(rsa).build(), JwsHeader.builder(), Map.of("kid", "rsa"))
                .build()
                .toGeneralJson();
        JWSObjectJSON parsed = JWSObjectJSON.parse(signet);
        assertThat(parsed.getSignatures()).hasSize(2);
        assertThat(parsed.getSignatures()
                        .get(0)
                        .verify(new DefaultJWSVerifierFactory()
                                .createJWSVerifier(parsed.getSignatures().get(0).getHeader(), ec.publicKey())))
                .isTrue();
        assertThat(parsed.getSignatures()
                        .get(1)
                        .verify(new DefaultJWSVerifierFactory()
                                .createJWSVerifier(parsed.getSignatures().get(1).getHeader(), rsa.publicKey())))
                .isTrue();
    }
}
