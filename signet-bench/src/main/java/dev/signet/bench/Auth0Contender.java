package dev.signet.bench;

import com.auth0.jwt.JWT;
import com.auth0.jwt.JWTVerifier;
import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.interfaces.DecodedJWT;
import dev.signet.jose.Jwk;
import dev.signet.jose.JwsAlgorithm;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Auth0 java-jwt: {@code JWT.require(alg)} with iss, aud, exp present, 60 s leeway (exp, nbf, iat
 * checked). java-jwt has no {@code typ} requirement: it is compared here after verification, as an
 * application would. java-jwt has no EdDSA.
 */
final class Auth0Contender implements Contender {

    private final JWTVerifier verifier;
    private final Algorithm algorithm;
    private final String kid;
    private final Map<String, Object> header = Map.of("typ", Fixture.TYPE);
    private final Map<String, Object> claims;

    Auth0Contender(JwsAlgorithm alg, Jwk privateKey, Map<String, Object> claimMap) {
        this.kid = privateKey.keyId();
        this.claims = Collections.unmodifiableMap(new LinkedHashMap<>(claimMap));
        algorithm = switch (alg) {
            case HS256 -> Algorithm.HMAC256(privateKey.secretKey().getEncoded());
            case RS256 ->
                Algorithm.RSA256((RSAPublicKey) privateKey.publicKey(), (RSAPrivateKey) privateKey.privateKey());
            case ES256 ->
                Algorithm.ECDSA256((ECPublicKey) privateKey.publicKey(), (ECPrivateKey) privateKey.privateKey());
            default -> throw new UnsupportedOperationException("java-jwt has no " + alg);
        };
        verifier = JWT.require(algorithm)
                .withIssuer(Fixture.ISSUER)
                .withAudience(Fixture.AUDIENCE)
                .withClaimPresence("exp")
                .acceptLeeway(Fixture.SKEW_SECONDS)
                .build();
    }

    @Override
    public String name() {
        return "auth0";
    }

    @Override
    public DecodedJWT verify(String token) {
        DecodedJWT jwt = verifier.verify(token);
        if (!Fixture.TYPE.equals(jwt.getType())) {
            throw new IllegalArgumentException("typ is not " + Fixture.TYPE);
        }
        return jwt;
    }

    @Override
    public String sign() {
        return JWT.create()
                .withKeyId(kid)
                .withHeader(header)
                .withPayload(claims)
                .sign(algorithm);
    }
}
