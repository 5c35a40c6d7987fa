package dev.signet.bench;

import com.nimbusds.jose.EncryptionMethod;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWEAlgorithm;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWEDecryptionKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.proc.SingleKeyJWSKeySelector;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import dev.signet.jose.Base64Url;
import dev.signet.jose.ContentEncryption;
import dev.signet.jose.Curve;
import dev.signet.jose.DecryptionKeySource;
import dev.signet.jose.JweAlgorithm;
import dev.signet.jose.JweDecrypter;
import dev.signet.jose.JweEncrypter;
import dev.signet.jose.Jwk;
import dev.signet.jose.JwsAlgorithm;
import dev.signet.jose.JwtSigner;
import dev.signet.jose.JwtVerifier;
import dev.signet.jose.KeySource;
import java.security.KeyPairGenerator;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jose4j.jwa.AlgorithmConstraints.ConstraintType;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;

/**
 * Everything the nested-JWT benchmarks need, built once per trial: the provider, a fresh ES256
 * signing key and recipient key (RSA 2048 or P-256), the token (signed and encrypted by Signet),
 * each library set up to decrypt and verify it, and the raw-JCA floor.
 *
 * <p>Before anything is measured, every library must accept the token and reject a token with a
 * flipped tag bit, one whose inner signature was tampered with, and correctly signed and
 * encrypted tokens with the wrong audience or an {@code exp} in the past; the floor must
 * verify the token. Otherwise set-up throws.
 */
final class NestedJweSuite {

    static final String RSA_OAEP_256 = "RSA-OAEP-256";
    static final String ECDH_ES_A256KW = "ECDH-ES+A256KW";

    final String token;
    final JwtVerifier signet;
    final DefaultJWTProcessor<SecurityContext> nimbus = new DefaultJWTProcessor<>();
    final JwtConsumer jose4j;
    final NestedJweBaseline jca;

    private final JwtSigner signer;
    private final JweEncrypter encrypter;

    private NestedJweSuite(String alg, String provider) throws Exception {
        Fixture.installProvider(provider);
        JweAlgorithm jweAlg = JweAlgorithm.fromIdentifier(alg);
        Jwk signing = Jwk.generate(JwsAlgorithm.ES256);
        Jwk recipient;
        if (jweAlg == JweAlgorithm.RSA_OAEP_256) {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(2048);
            recipient = Jwk.fromKeyPair(g.generateKeyPair()).withKeyId("enc-rsa");
        } else if (jweAlg == JweAlgorithm.ECDH_ES_A256KW) {
            recipient = Jwk.generate(Curve.P_256).withKeyId("enc-ec");
        } else {
            throw new IllegalArgumentException(
                    "alg must be " + RSA_OAEP_256 + " or " + ECDH_ES_A256KW + ", not " + alg);
        }
        long now = Fixture.now();
        signer = JwtSigner.builder(signing)
                .algorithm(JwsAlgorithm.ES256)
                .type(Fixture.TYPE)
                .build();
        encrypter = JweEncrypter.builder(recipient.toPublicJwk())
                .algorithm(jweAlg)
                .encryption(ContentEncryption.A256GCM)
                .build();
        String inner = signer.sign(Fixture.signetClaims(Fixture.claimMap(now)));
        token = encrypter.encryptNested(inner);

        signet = JwtVerifier.builder(KeySource.of(signing.toPublicJwk()))
                .issuer(Fixture.ISSUER)
                .audience(Fixture.AUDIENCE)
                .type(Fixture.TYPE)
                .algorithms(JwsAlgorithm.ES256)
                .decryptWith(JweDecrypter.builder(DecryptionKeySource.of(recipient))
                        .algorithms(jweAlg)
                        .encryptions(ContentEncryption.A256GCM)
                        .build())
                .build();

        nimbus.setJWEKeySelector(new JWEDecryptionKeySelector<>(
                JWEAlgorithm.parse(alg),
                EncryptionMethod.A256GCM,
                new ImmutableJWKSet<>(new JWKSet(JWK.parse(recipient.toJson())))));
        nimbus.setJWSKeySelector(new SingleKeyJWSKeySelector<>(JWSAlgorithm.ES256, signing.publicKey()));
        nimbus.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(new JOSEObjectType(Fixture.TYPE)));
        DefaultJWTClaimsVerifier<SecurityContext> claimsVerifier = new DefaultJWTClaimsVerifier<>(
                Fixture.AUDIENCE,
                new JWTClaimsSet.Builder().issuer(Fixture.ISSUER).build(),
                Set.of("exp"));
        claimsVerifier.setMaxClockSkew(Fixture.SKEW_SECONDS);
        nimbus.setJWTClaimsSetVerifier(claimsVerifier);

        jose4j = new JwtConsumerBuilder()
                .setDecryptionKey(recipient.privateKey())
                .setJweAlgorithmConstraints(ConstraintType.PERMIT, alg)
                .setJweContentEncryptionAlgorithmConstraints(ConstraintType.PERMIT, "A256GCM")
                .setVerificationKey(signing.publicKey())
                .setJwsAlgorithmConstraints(ConstraintType.PERMIT, "ES256")
                .setRequireExpirationTime()
                .setAllowedClockSkewInSeconds(Fixture.SKEW_SECONDS)
                .setIssuedAtRestrictions(Fixture.SKEW_SECONDS, 365 * 24 * 3600)
                .setExpectedIssuer(Fixture.ISSUER)
                .setExpectedAudience(Fixture.AUDIENCE)
                .setExpectedType(true, Fixture.TYPE)
                .build();

        Jwk epk = jweAlg == JweAlgorithm.ECDH_ES_A256KW ? epkOf(token) : null;
        jca = new NestedJweBaseline(alg, recipient, epk, signing, token, inner);

        List<String> bad = badTokens(now, inner);
        check("signet", t -> signet.verify(t).claims().subject(), bad);
        check("nimbus", t -> nimbus.process(t, null).getSubject(), bad);
        check("jose4j", t -> jose4j.processToClaims(t).getSubject(), bad);
        if (!jca.decryptAndVerify()) {
            throw new IllegalStateException("raw JCA rejects the valid token");
        }
        System.out.println("[setup] nested ES256 in " + alg + "/A256GCM provider=" + provider + ": token of "
                + token.length() + " characters; every library accepts it and rejects " + bad.size()
                + " bad tokens; baseline " + jca.providers());
    }

    static NestedJweSuite create(String alg, String provider) throws Exception {
        return new NestedJweSuite(alg, provider);
    }

    private static Jwk epkOf(String jwe) throws Exception {
        String header = new String(
                Base64Url.decode(jwe.substring(0, jwe.indexOf('.'))), java.nio.charset.StandardCharsets.UTF_8);
        Map<String, Object> epk = dev.signet.jose.JweHeader.parse(header).ephemeralPublicKey();
        return Jwk.fromMap(epk);
    }

    private List<String> badTokens(long now, String inner) throws Exception {
        List<String> bad = new ArrayList<>();
        int d4 = token.lastIndexOf('.');
        byte[] tag = Base64Url.decode(token.substring(d4 + 1));
        tag[tag.length / 2] ^= 0x01;
        bad.add(token.substring(0, d4 + 1) + Base64Url.encode(tag));
        bad.add(encrypter.encryptNested(Fixture.tamperSignature(inner)));
        bad.add(encrypter.encryptNested(signer.sign(Fixture.signetClaims(
                Fixture.claimMap(now, Fixture.ISSUER, "https://other.example.com", now + Fixture.LIFETIME_SECONDS)))));
        bad.add(encrypter.encryptNested(signer.sign(
                Fixture.signetClaims(Fixture.claimMap(now - 7200, Fixture.ISSUER, Fixture.AUDIENCE, now - 3600)))));
        return bad;
    }

    /** What the set-up runs through each library: the token's subject. */
    @FunctionalInterface
    private interface SubjectOf {
        String subject(String token) throws Exception;
    }

    private void check(String name, SubjectOf p, List<String> bad) throws Exception {
        if (!Fixture.SUBJECT.equals(p.subject(token))) {
            throw new IllegalStateException(name + " did not return the token's subject");
        }
        String[] what = {"flipped tag bit", "tampered inner signature", "wrong audience", "expired"};
        for (int i = 0; i < bad.size(); i++) {
            boolean accepted;
            try {
                accepted = p.subject(bad.get(i)) != null;
            } catch (Exception e) {
                accepted = false;
            }
            if (accepted) {
                throw new IllegalStateException(name + " accepted a nested token with " + what[i]
                        + ": the benchmark would not measure a full validation");
            }
        }
    }
}
