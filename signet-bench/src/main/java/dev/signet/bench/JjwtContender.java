package dev.signet.bench;

import dev.signet.jose.Jwk;
import dev.signet.jose.JwsAlgorithm;
import io.jsonwebtoken.Claims;
import io.jsonwebtoken.Jws;
import io.jsonwebtoken.JwtParser;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.SecureDigestAlgorithm;
import java.security.Key;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * JJWT: a parser with the key, iss and aud required, 60 s skew (exp/nbf are checked when present;
 * JJWT cannot require exp nor check iat). JJWT has no {@code typ} requirement: it is compared
 * here after parsing, as an application would.
 */
final class JjwtContender implements Contender {

    private final JwtParser parser;
    private final Key signingKey;
    private final SecureDigestAlgorithm<Key, ?> alg;
    private final String kid;
    private final Map<String, Object> claims;

    @SuppressWarnings("unchecked")
    JjwtContender(JwsAlgorithm alg, Jwk privateKey, Map<String, Object> claimMap) {
        this.kid = privateKey.keyId();
        this.claims = Collections.unmodifiableMap(new LinkedHashMap<>(claimMap));
        var parserBuilder = Jwts.parser()
                .requireIssuer(Fixture.ISSUER)
                .requireAudience(Fixture.AUDIENCE)
                .clockSkewSeconds(Fixture.SKEW_SECONDS);
        switch (alg) {
            case HS256 -> {
                SecretKey k = new SecretKeySpec(privateKey.secretKey().getEncoded(), "HmacSHA256");
                signingKey = k;
                parserBuilder.verifyWith(k);
                this.alg = (SecureDigestAlgorithm<Key, ?>) (Object) Jwts.SIG.HS256;
            }
            case RS256 -> {
                signingKey = privateKey.privateKey();
                parserBuilder.verifyWith(privateKey.publicKey());
                this.alg = (SecureDigestAlgorithm<Key, ?>) (Object) Jwts.SIG.RS256;
            }
            case ES256 -> {
                signingKey = privateKey.privateKey();
                parserBuilder.verifyWith(privateKey.publicKey());
                this.alg = (SecureDigestAlgorithm<Key, ?>) (Object) Jwts.SIG.ES256;
            }
            case EDDSA -> {
                signingKey = privateKey.privateKey();
                parserBuilder.verifyWith(privateKey.publicKey());
                this.alg = (SecureDigestAlgorithm<Key, ?>) (Object) Jwts.SIG.EdDSA;
            }
            default -> throw new UnsupportedOperationException("JJWT " + alg + " is not benchmarked");
        }
        this.parser = parserBuilder.build();
    }

    @Override
    public String name() {
        return "jjwt";
    }

    @Override
    public Jws<Claims> verify(String token) {
        Jws<Claims> jws = parser.parseSignedClaims(token);
        if (!Fixture.TYPE.equals(jws.getHeader().getType())) {
            throw new IllegalArgumentException("typ is not " + Fixture.TYPE);
        }
        return jws;
    }

    @Override
    public String sign() {
        return Jwts.builder()
                .header()
                .keyId(kid)
                .type(Fixture.TYPE)
                .and()
                .claims(claims)
                .signWith(signingKey, alg)
                .compact();
    }
}
