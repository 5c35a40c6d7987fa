package dev.signet.jose.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.nimbusds.jose.EncryptionMethod;
import com.nimbusds.jose.JWEAlgorithm;
import com.nimbusds.jose.JWEDecrypter;
import com.nimbusds.jose.JWEEncrypter;
import com.nimbusds.jose.JWEHeader;
import com.nimbusds.jose.JWEObject;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.AESDecrypter;
import com.nimbusds.jose.crypto.AESEncrypter;
import com.nimbusds.jose.crypto.DirectDecrypter;
import com.nimbusds.jose.crypto.DirectEncrypter;
import com.nimbusds.jose.crypto.ECDHDecrypter;
import com.nimbusds.jose.crypto.ECDHEncrypter;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.PasswordBasedDecrypter;
import com.nimbusds.jose.crypto.PasswordBasedEncrypter;
import com.nimbusds.jose.crypto.RSADecrypter;
import com.nimbusds.jose.crypto.RSAEncrypter;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.JWEDecryptionKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.proc.SingleKeyJWSKeySelector;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import dev.signet.jose.ContentEncryption;
import dev.signet.jose.Curve;
import dev.signet.jose.JweAlgorithm;
import dev.signet.jose.Jwk;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.List;
import java.util.Set;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * JWE interop with Nimbus JOSE+JWT 10.10, both ways, for every {@code alg} × {@code enc} pair
 * both support, and nested JWTs (ES256 inside, {@code cty: JWT}) through Nimbus's
 * {@link DefaultJWTProcessor} and Signet's {@code JwtVerifier}. Nimbus does ECDH-ES on X25519
 * only through Google Tink (not on the class path) and not at all on X448: those cells are
 * skipped with that reason.
 */
@DisplayName("JWE interop with Nimbus JOSE+JWT 10.10")
@ExtendWith(NamedFailures.class)
class NimbusJweInteropTest {

    static List<JweInteropCase> cases() {
        return JweInteropCase.all();
    }

    static List<JweInteropCase> nested() {
        return List.of(
                new JweInteropCase(JweAlgorithm.RSA_OAEP_256, ContentEncryption.A256GCM, null),
                new JweInteropCase(JweAlgorithm.ECDH_ES, ContentEncryption.A128CBC_HS256, Curve.P_256),
                new JweInteropCase(JweAlgorithm.ECDH_ES_A256KW, ContentEncryption.A256GCM, Curve.P_384),
                new JweInteropCase(JweAlgorithm.A256KW, ContentEncryption.A256CBC_HS512, null));
    }

    @ParameterizedTest(name = "{0}: Signet encrypts, Nimbus decrypts")
    @MethodSource("cases")
    void signetEncryptsNimbusDecrypts(JweInteropCase c) throws Exception {
        assumeSupported(c);
        JWEObject jwe = JWEObject.parse(SignetJwe.encrypt(c));
        jwe.decrypt(decrypter(c));
        assertThat(jwe.getPayload().toBytes()).isEqualTo(c.plaintext());
    }

    @ParameterizedTest(name = "{0}: Nimbus encrypts, Signet decrypts")
    @MethodSource("cases")
    void nimbusEncryptsSignetDecrypts(JweInteropCase c) throws Exception {
        assumeSupported(c);
        JWEObject jwe = new JWEObject(
                new JWEHeader.Builder(
                                JWEAlgorithm.parse(c.alg().identifier()),
                                EncryptionMethod.parse(c.enc().identifier()))
                        .build(),
                new Payload(c.plaintext()));
        jwe.encrypt(encrypter(c));
        assertThat(SignetJwe.decrypt(c, jwe.serialize())).isEqualTo(c.plaintext());
    }

    @ParameterizedTest(name = "{0}: Signet signs and encrypts, Nimbus decrypts and verifies")
    @MethodSource("nested")
    void signetNestedJwtNimbusProcesses(JweInteropCase c) throws Exception {
        DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
        processor.setJWEKeySelector(new JWEDecryptionKeySelector<>(
                JWEAlgorithm.parse(c.alg().identifier()),
                EncryptionMethod.parse(c.enc().identifier()),
                new ImmutableJWKSet<>(new JWKSet(JWK.parse(c.recipientKey().toJson())))));
        processor.setJWSKeySelector(new SingleKeyJWSKeySelector<>(JWSAlgorithm.ES256, SignetJwe.SIGNING.publicKey()));
        processor.setJWTClaimsSetVerifier(new DefaultJWTClaimsVerifier<>(
                SignetJwe.AUDIENCE,
                new JWTClaimsSet.Builder().issuer(SignetJwe.ISSUER).build(),
                Set.of("exp", "sub")));
        JWTClaimsSet claims = processor.process(SignetJwe.signAndEncrypt(c), null);
        assertThat(claims.getSubject()).isEqualTo(SignetJwe.SUBJECT);
    }

    @ParameterizedTest(name = "{0}: Nimbus signs and encrypts, Signet decrypts and verifies")
    @MethodSource("nested")
    void nimbusNestedJwtSignetVerifies(JweInteropCase c) throws Exception {
        SignedJWT inner = new SignedJWT(new JWSHeader(JWSAlgorithm.ES256), JWTClaimsSet.parse(SignetJwe.claims()));
        inner.sign(new ECDSASigner((ECPrivateKey) SignetJwe.SIGNING.privateKey()));
        JWEObject outer = new JWEObject(
                new JWEHeader.Builder(
                                JWEAlgorithm.parse(c.alg().identifier()),
                                EncryptionMethod.parse(c.enc().identifier()))
                        .contentType("JWT")
                        .build(),
                new Payload(inner));
        outer.encrypt(encrypter(c));
        assertThat(SignetJwe.verifyNested(c, outer.serialize()).subject()).isEqualTo(SignetJwe.SUBJECT);
    }

    private static void assumeSupported(JweInteropCase c) {
        assumeTrue(
                c.curve() != Curve.X25519,
                "Nimbus does ECDH-ES with X25519 only through Google Tink, not on the" + " class path");
        assumeTrue(c.curve() != Curve.X448, "Nimbus has no X448");
    }

    private static JWEEncrypter encrypter(JweInteropCase c) throws Exception {
        Jwk k = c.senderKey();
        if (c.isRsa()) {
            return new RSAEncrypter((RSAPublicKey) k.publicKey());
        }
        if (c.isEcdh()) {
            return new ECDHEncrypter((ECPublicKey) k.publicKey());
        }
        if (c.isPbes2()) {
            return new PasswordBasedEncrypter(JweInteropCase.PASSWORD, 16, JweInteropCase.P2C);
        }
        SecretKeySpec aes = new SecretKeySpec(k.secretKey().getEncoded(), "AES");
        return c.alg() == JweAlgorithm.DIR ? new DirectEncrypter(aes) : new AESEncrypter(aes);
    }

    private static JWEDecrypter decrypter(JweInteropCase c) throws Exception {
        Jwk k = c.recipientKey();
        if (c.isRsa()) {
            return new RSADecrypter(k.privateKey());
        }
        if (c.isEcdh()) {
            return new ECDHDecrypter((ECPrivateKey) k.privateKey());
        }
        if (c.isPbes2()) {
            return new PasswordBasedDecrypter(JweInteropCase.PASSWORD);
        }
        SecretKeySpec aes = new SecretKeySpec(k.secretKey().getEncoded(), "AES");
        return c.alg() == JweAlgorithm.DIR ? new DirectDecrypter(aes) : new AESDecrypter(aes);
    }
}
