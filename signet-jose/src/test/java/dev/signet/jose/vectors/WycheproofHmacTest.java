package dev.signet.jose.vectors;

import dev.signet.jose.JoseException.Reason;
import dev.signet.jose.Jwk;
import dev.signet.jose.JwsAlgorithm;
import dev.signet.jose.vectors.SignatureSuite.Decision;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;

/**
 * Wycheproof HMAC-SHA-2 vectors as HS256/384/512 through Signet's HMAC family and its JWS key
 * checks, under the JDK providers and under ACCP. Each test's key becomes an {@code oct} JWK.
 */
class WycheproofHmacTest {

    @TestFactory
    Stream<DynamicNode> hmac() {
        List<SignatureSuite> suites = List.of(
                hmac("hmac_sha256_test.json", JwsAlgorithm.HS256),
                hmac("hmac_sha384_test.json", JwsAlgorithm.HS384),
                hmac("hmac_sha512_test.json", JwsAlgorithm.HS512));
        return SignatureSuite.underEveryProvider(suites);
    }

    private static SignatureSuite hmac(String file, JwsAlgorithm alg) {
        int hashBits = alg.minimumKeyBits();
        return new SignatureSuite(file, alg, alg.jcaName(), "tag", (g, v) -> Jwk.fromSecret(v.hex("key")))
                .policy((g, v, p) -> {
                    if (g.integer("keySize") < hashBits) {
                        // RFC 7518 §3.2: a key of the same size as the hash output or larger.
                        return Decision.keyRefused(Reason.KEY_REJECTED, "HMAC key shorter than the hash is refused");
                    }
                    if (g.integer("tagSize") < hashBits) {
                        // RFC 7518 §3.2: HSxxx carries the whole MAC; a truncated one is a forgery aid.
                        return Decision.signatureRejected("truncated MAC is refused");
                    }
                    return null;
                });
    }
}
