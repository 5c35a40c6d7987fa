package dev.signet.bench;

import dev.signet.jose.JoseException;
import dev.signet.jose.Jwk;
import dev.signet.jose.JwsAlgorithm;
import dev.signet.jose.Jwt;
import dev.signet.jose.JwtClaims;
import dev.signet.jose.JwtSigner;
import dev.signet.jose.JwtVerifier;
import dev.signet.jose.KeySource;
import java.util.Map;

/** Signet: {@link JwtVerifier} as the README shows it, with the algorithm pinned; {@link JwtSigner}. */
final class SignetContender implements Contender {

    private final JwtVerifier verifier;
    private final JwtSigner signer;
    private final JwtClaims claims;

    SignetContender(JwsAlgorithm alg, Jwk privateKey, Jwk publicKey, Map<String, Object> claims) throws JoseException {
        this.verifier = JwtVerifier.builder(KeySource.of(publicKey))
                .issuer(Fixture.ISSUER)
                .audience(Fixture.AUDIENCE)
                .type(Fixture.TYPE)
                .algorithms(alg)
                .build();
        this.signer =
                JwtSigner.builder(privateKey).algorithm(alg).type(Fixture.TYPE).build();
        this.claims = Fixture.signetClaims(claims);
    }

    @Override
    public String name() {
        return "signet";
    }

    @Override
    public Jwt verify(String token) throws JoseException {
        return verifier.verify(token);
    }

    @Override
    public String sign() throws JoseException {
        return signer.sign(claims);
    }
}
