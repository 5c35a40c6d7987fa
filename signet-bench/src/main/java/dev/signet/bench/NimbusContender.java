package dev.signet.bench;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.proc.SingleKeyJWSKeySelector;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import dev.signet.jose.Jwk;
import dev.signet.jose.JwsAlgorithm;
import java.security.Key;
import java.security.PrivateKey;
import java.security.interfaces.ECPrivateKey;
import java.util.Date;
import java.util.Map;
import java.util.Set;

/**
 * Nimbus JOSE+JWT: {@link DefaultJWTProcessor} with a single-key selector, the {@code typ}
 * verifier and {@link DefaultJWTClaimsVerifier} (iss exact, aud, exp required, exp/nbf with 60 s
 * skew; Nimbus has no check of {@code iat}). EdDSA needs Google Tink in Nimbus: not benchmarked.
 */
final class NimbusContender implements Contender {

    private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
    private final JWSSigner signer;
    private final JWSHeader header;
    private final JWTClaimsSet claims;

    NimbusContender(JwsAlgorithm alg, Jwk privateKey, Map<String, Object> claimMap) throws Exception {
        JWSAlgorithm nimbusAlg = JWSAlgorithm.parse(alg.identifier());
        Key verificationKey;
        PrivateKey signingKey = privateKey.privateKey();
        switch (alg) {
            case HS256 -> {
                verificationKey = privateKey.secretKey();
                signer = new MACSigner(privateKey.secretKey().getEncoded());
            }
            case RS256 -> {
                verificationKey = privateKey.publicKey();
                signer = new RSASSASigner(signingKey);
            }
            case ES256 -> {
                verificationKey = privateKey.publicKey();
                signer = new ECDSASigner((ECPrivateKey) signingKey);
            }
            default -> throw new UnsupportedOperationException("Nimbus " + alg + " is not benchmarked");
        }
        processor.setJWSKeySelector(new SingleKeyJWSKeySelector<>(nimbusAlg, verificationKey));
        processor.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(new JOSEObjectType(Fixture.TYPE)));
        DefaultJWTClaimsVerifier<SecurityContext> claimsVerifier = new DefaultJWTClaimsVerifier<>(
                Fixture.AUDIENCE,
                new JWTClaimsSet.Builder().issuer(Fixture.ISSUER).build(),
                Set.of("exp"));
        claimsVerifier.setMaxClockSkew(Fixture.SKEW_SECONDS);
        processor.setJWTClaimsSetVerifier(claimsVerifier);

        header = new JWSHeader.Builder(nimbusAlg)
                .keyID(privateKey.keyId())
                .type(new JOSEObjectType(Fixture.TYPE))
                .build();
        JWTClaimsSet.Builder b = new JWTClaimsSet.Builder();
        for (Map.Entry<String, Object> e : claimMap.entrySet()) {
            switch (e.getKey()) {
                case "exp", "iat", "nbf" -> b.claim(e.getKey(), nimbusDate((Long) e.getValue()));
                default -> b.claim(e.getKey(), e.getValue());
            }
        }
        claims = b.build();
    }

    /** Nimbus's claims set takes its date claims (exp, iat, nbf) as java.util.Date: no java.time here. */
    @SuppressWarnings("JavaUtilDate")
    private static Date nimbusDate(long epochSeconds) {
        return new Date(epochSeconds * 1000);
    }

    @Override
    public String name() {
        return "nimbus";
    }

    @Override
    public JWTClaimsSet verify(String token) throws Exception {
        return processor.process(token, null);
    }

    @Override
    public String sign() throws Exception {
        SignedJWT jwt = new SignedJWT(header, claims);
        jwt.sign(signer);
        return jwt.serialize();
    }
}
