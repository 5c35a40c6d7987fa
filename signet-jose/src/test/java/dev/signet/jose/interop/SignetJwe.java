package dev.signet.jose.interop;

import dev.signet.jose.DecryptionKeySource;
import dev.signet.jose.JoseException;
import dev.signet.jose.JweAlgorithm;
import dev.signet.jose.JweDecrypter;
import dev.signet.jose.JweEncrypter;
import dev.signet.jose.Jwk;
import dev.signet.jose.JwsAlgorithm;
import dev.signet.jose.JwtClaims;
import dev.signet.jose.JwtSigner;
import dev.signet.jose.JwtVerifier;
import dev.signet.jose.KeySource;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** Signet's side of the JWE interop tests: encrypt to a cell's sender key, decrypt with its recipient key. */
final class SignetJwe {

    static final String ISSUER = "https://issuer.example";
    static final String AUDIENCE = "https://api.example";
    static final String SUBJECT = "nested-interop-subject";
    /** The inner JWS's ES256 key (the sender's signing key) of the nested JWT tests. */
    static final Jwk SIGNING = generateSigningKey();

    private SignetJwe() {}

    /** The nested JWT's claims as JSON members: iss, sub, aud, exp (in 10 minutes), iat. */
    static Map<String, Object> claims() {
        long now = Instant.now().getEpochSecond();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("iss", ISSUER);
        m.put("sub", SUBJECT);
        m.put("aud", AUDIENCE);
        m.put("exp", now + 600);
        m.put("iat", now);
        return m;
    }

    /** Sign (ES256) then encrypt to the cell's recipient: a nested JWT with {@code cty: JWT}. */
    static String signAndEncrypt(JweInteropCase c) throws JoseException {
        JweEncrypter encrypter = JweEncrypter.builder(c.senderKey())
                .algorithm(c.alg())
                .encryption(c.enc())
                .build();
        return JwtSigner.builder(SIGNING)
                .algorithm(JwsAlgorithm.ES256)
                .build()
                .signAndEncrypt(JwtClaims.builder().claims(claims()).build(), encrypter);
    }

    /** {@link JwtVerifier} with {@code decryptWith}: decrypt, then every JWS and claims check. */
    static JwtClaims verifyNested(JweInteropCase c, String token) throws JoseException {
        JweDecrypter decrypter = JweDecrypter.builder(DecryptionKeySource.of(c.recipientKey()))
                .algorithms(c.alg())
                .encryptions(c.enc())
                .build();
        return JwtVerifier.builder(KeySource.of(SIGNING.toPublicJwk()))
                .issuer(ISSUER)
                .audience(AUDIENCE)
                .algorithms(JwsAlgorithm.ES256)
                .decryptWith(decrypter)
                .build()
                .verify(token)
                .claims();
    }

    private static Jwk generateSigningKey() {
        try {
            return Jwk.generate(JwsAlgorithm.ES256);
        } catch (JoseException e) {
            throw new IllegalStateException(e);
        }
    }

    static String encrypt(JweInteropCase c) throws JoseException {
        JweEncrypter.Builder b =
                JweEncrypter.builder(c.senderKey()).algorithm(c.alg()).encryption(c.enc());
        if (c.isPbes2()) {
            b.pbes2Iterations(JweInteropCase.P2C);
        }
        if (c.alg() == JweAlgorithm.RSA1_5) {
            b.allowInsecureRsa1_5();
        }
        return b.build().encrypt(c.plaintext());
    }

    /** Decrypts with only the cell's alg and enc allowed. */
    static byte[] decrypt(JweInteropCase c, String token) throws JoseException {
        JweDecrypter.Builder b = JweDecrypter.builder(DecryptionKeySource.of(c.recipientKey()))
                .algorithms(c.alg())
                .encryptions(c.enc());
        if (c.alg() == JweAlgorithm.RSA1_5) {
            b.allowInsecureRsa1_5();
        }
        return b.build().decrypt(token).plaintext();
    }
}
