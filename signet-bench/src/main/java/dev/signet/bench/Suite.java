package dev.signet.bench;

import dev.signet.jose.Base64Url;
import dev.signet.jose.Jwk;
import dev.signet.jose.JwsAlgorithm;
import dev.signet.jose.Jwt;
import dev.signet.jose.JwtClaims;
import dev.signet.jose.JwtSigner;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Everything one algorithm's benchmarks need, built once per trial: the provider, a fresh key,
 * the token (signed by Signet and accepted by every peer), each library set up to verify and
 * sign, and the raw-JCA baseline.
 *
 * <p>Before anything is measured, every contender must accept the token and reject a token whose
 * signature or payload was tampered with, and correctly signed tokens with the wrong audience,
 * the wrong issuer, the wrong {@code typ} or an {@code exp} in the past; and what each contender
 * signs must verify with Signet and carry the fixture's claims. Otherwise set-up throws and the
 * benchmark fails: a benchmark of a verification that fails, or checks less, is worthless.
 */
final class Suite {

    final JwsAlgorithm alg;
    /** The compact token every library verifies. */
    final String token;
    /** Its ASCII signing input {@code header.payload} and the signature as the JCA takes it. */
    final byte[] signingInput;

    final byte[] signature;

    final SignetContender signet;
    final NimbusContender nimbus;
    final Jose4jContender jose4j;
    final JjwtContender jjwt;
    final Auth0Contender auth0;
    final JcaBaseline jca;

    private Suite(JwsAlgorithm alg, String provider) throws Exception {
        Fixture.installProvider(provider);
        this.alg = alg;
        Jwk privateKey = Jwk.generate(alg);
        Jwk publicKey = alg.isSymmetric() ? privateKey : privateKey.toPublicJwk();
        long now = Fixture.now();
        Map<String, Object> claims = Fixture.claimMap(now);

        signet = new SignetContender(alg, privateKey, publicKey, claims);
        boolean classic = alg != JwsAlgorithm.EDDSA;
        nimbus = classic ? new NimbusContender(alg, privateKey, claims) : null;
        jose4j = new Jose4jContender(alg, privateKey, claims);
        jjwt = new JjwtContender(alg, privateKey, claims);
        auth0 = classic ? new Auth0Contender(alg, privateKey, claims) : null;
        jca = new JcaBaseline(alg, privateKey);

        token = signet.sign();
        int d2 = token.lastIndexOf('.');
        signingInput = token.substring(0, d2).getBytes(StandardCharsets.US_ASCII);
        byte[] jws = Base64Url.decode(token.substring(d2 + 1));
        signature = alg == JwsAlgorithm.ES256 ? JcaBaseline.concatToDer(jws) : jws;

        List<String> bad = badTokens(privateKey, now);
        List<Contender> all = new ArrayList<>();
        all.add(signet);
        if (nimbus != null) {
            all.add(nimbus);
        }
        all.add(jose4j);
        all.add(jjwt);
        if (auth0 != null) {
            all.add(auth0);
        }
        for (Contender c : all) {
            check(c, bad);
        }
        checkBaseline();
        System.out.println("[setup] " + alg.identifier() + " provider=" + provider + ": token of " + token.length()
                + " characters, " + signet.verify(token).claims().asMap().size() + " claims; every contender"
                + " accepts it, rejects " + bad.size() + " bad tokens, and signs tokens Signet accepts; baseline "
                + jca.providers());
    }

    static Suite create(JwsAlgorithm alg, String provider) throws Exception {
        return new Suite(alg, provider);
    }

    /** Tampered tokens, and correctly signed tokens that a full validation must reject. */
    private List<String> badTokens(Jwk key, long now) throws Exception {
        long exp = now + Fixture.LIFETIME_SECONDS;
        JwtSigner signer =
                JwtSigner.builder(key).algorithm(alg).type(Fixture.TYPE).build();
        List<String> bad = new ArrayList<>();
        bad.add(Fixture.tamperSignature(token));
        bad.add(Fixture.tamperPayload(token));
        bad.add(signer.sign(
                Fixture.signetClaims(Fixture.claimMap(now, Fixture.ISSUER, "https://other.example.com", exp))));
        bad.add(signer.sign(
                Fixture.signetClaims(Fixture.claimMap(now, "https://evil.example.com", Fixture.AUDIENCE, exp))));
        bad.add(signer.sign(
                Fixture.signetClaims(Fixture.claimMap(now - 7200, Fixture.ISSUER, Fixture.AUDIENCE, now - 3600))));
        bad.add(JwtSigner.builder(key)
                .algorithm(alg)
                .type("JWT")
                .build()
                .sign(Fixture.signetClaims(Fixture.claimMap(now))));
        return bad;
    }

    private void check(Contender c, List<String> bad) throws Exception {
        if (c.verify(token) == null) {
            throw new IllegalStateException(c.name() + " returned nothing for the valid token");
        }
        String[] what = {
            "tampered signature", "tampered payload", "wrong audience", "wrong issuer", "expired", "typ JWT"
        };
        for (int i = 0; i < bad.size(); i++) {
            boolean accepted;
            try {
                accepted = c.verify(bad.get(i)) != null;
            } catch (Exception e) {
                accepted = false;
            }
            if (accepted) {
                throw new IllegalStateException(c.name() + " " + alg.identifier() + " accepted a token with " + what[i]
                        + ": the benchmark would not measure a full validation");
            }
        }
        String own = c.sign();
        c.verify(own);
        Jwt jwt = signet.verify(own);
        JwtClaims got = jwt.claims();
        JwtClaims want = signet.verify(token).claims();
        if (!got.issuer().equals(want.issuer())
                || !got.subject().equals(want.subject())
                || !got.audience().equals(want.audience())
                || !got.expiresAt().equals(want.expiresAt())
                || !got.issuedAt().equals(want.issuedAt())
                || !got.notBefore().equals(want.notBefore())
                || !got.jwtId().equals(want.jwtId())
                || got.asMap().size() != want.asMap().size()
                || !want.get("client_id").equals(got.get("client_id"))
                || !want.get("scope").equals(got.get("scope"))
                || !Fixture.CUSTOM_VALUE.equals(got.get(Fixture.CUSTOM_NAME))
                || !jwt.header().algorithm().equals(alg.identifier())
                || !signet.verify(token).header().keyId().equals(jwt.header().keyId())) {
            throw new IllegalStateException(c.name() + " signed different claims or header: " + own);
        }
    }

    private void checkBaseline() throws Exception {
        if (!jca.verify(signingInput, signature)) {
            throw new IllegalStateException("raw JCA rejects the valid signature");
        }
        byte[] forgedSignature = signature.clone();
        forgedSignature[forgedSignature.length - 3] ^= 0x01;
        byte[] forgedInput = signingInput.clone();
        forgedInput[forgedInput.length - 2] ^= 0x01;
        if (verifies(forgedSignature, signingInput) || verifies(signature, forgedInput)) {
            throw new IllegalStateException("raw JCA accepts a tampered signature or input");
        }
        if (!jca.verify(signingInput, jca.sign(signingInput))) {
            throw new IllegalStateException("raw JCA rejects its own signature");
        }
    }

    private boolean verifies(byte[] sig, byte[] input) {
        try {
            return jca.verify(input, sig);
        } catch (Exception e) {
            return false;
        }
    }
}
