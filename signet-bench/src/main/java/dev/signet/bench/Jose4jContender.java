package dev.signet.bench;

import dev.signet.jose.Jwk;
import dev.signet.jose.JwsAlgorithm;
import java.security.Key;
import java.util.Map;
import org.jose4j.jwa.AlgorithmConstraints.ConstraintType;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.keys.HmacKey;

/**
 * jose4j: {@link JwtConsumer} with the algorithm pinned, exp required, iss, aud, {@code typ}
 * required, 60 s skew and {@code iat} at most 60 s in the future; {@link JsonWebSignature} to sign.
 */
final class Jose4jContender implements Contender {

    private final JwtConsumer consumer;
    private final JwtClaims claims;
    private final Key signingKey;
    private final String alg;
    private final String kid;

    Jose4jContender(JwsAlgorithm alg, Jwk privateKey, Map<String, Object> claimMap) throws Exception {
        this.alg = alg.identifier();
        this.kid = privateKey.keyId();
        Key verificationKey;
        if (alg == JwsAlgorithm.HS256) {
            signingKey = new HmacKey(privateKey.secretKey().getEncoded());
            verificationKey = signingKey;
        } else {
            signingKey = privateKey.privateKey();
            verificationKey = privateKey.publicKey();
        }
        consumer = new JwtConsumerBuilder()
                .setVerificationKey(verificationKey)
                .setJwsAlgorithmConstraints(ConstraintType.PERMIT, this.alg)
                .setRequireExpirationTime()
                .setAllowedClockSkewInSeconds(Fixture.SKEW_SECONDS)
                .setIssuedAtRestrictions(Fixture.SKEW_SECONDS, 365 * 24 * 3600)
                .setExpectedIssuer(Fixture.ISSUER)
                .setExpectedAudience(Fixture.AUDIENCE)
                .setExpectedType(true, Fixture.TYPE)
                .build();
        claims = new JwtClaims();
        for (Map.Entry<String, Object> e : claimMap.entrySet()) {
            switch (e.getKey()) {
                case "exp", "iat", "nbf" ->
                    claims.setNumericDateClaim(e.getKey(), NumericDate.fromSeconds((Long) e.getValue()));
                default -> claims.setClaim(e.getKey(), e.getValue());
            }
        }
    }

    @Override
    public String name() {
        return "jose4j";
    }

    @Override
    public JwtClaims verify(String token) throws Exception {
        return consumer.processToClaims(token);
    }

    @Override
    public String sign() throws Exception {
        JsonWebSignature jws = new JsonWebSignature();
        jws.setAlgorithmHeaderValue(alg);
        jws.setKeyIdHeaderValue(kid);
        jws.setHeader("typ", Fixture.TYPE);
        jws.setPayload(claims.toJson());
        jws.setKey(signingKey);
        return jws.getCompactSerialization();
    }
}
