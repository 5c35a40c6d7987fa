package dev.signet.jose.vectors;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.jose.JoseException;
import dev.signet.jose.Jwk;
import dev.signet.jose.JwsAlgorithm;
import dev.signet.jose.vectors.SignatureSuite.Decision;
import dev.signet.jose.vectors.Wycheproof.Group;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;

/**
 * Wycheproof ECDSA (IEEE P1363 form, as JWS carries it), RSASSA-PKCS1-v1_5, RSASSA-PSS and EdDSA
 * vectors through Signet's algorithm families, under the JDK providers and under ACCP.
 */
class WycheproofSignatureTest {

    @TestFactory
    Stream<DynamicNode> ecdsaP1363() {
        return SignatureSuite.underEveryProvider(ecdsaSuites());
    }

    @TestFactory
    Stream<DynamicNode> rsaPkcs1() {
        return SignatureSuite.underEveryProvider(rsaPkcs1Suites());
    }

    @TestFactory
    Stream<DynamicNode> rsaPss() {
        return SignatureSuite.underEveryProvider(rsaPssSuites());
    }

    @TestFactory
    Stream<DynamicNode> eddsa() {
        return SignatureSuite.underEveryProvider(eddsaSuites());
    }

    /**
     * Both ways a group gives its key reach the same key: its JWK through {@code Jwk.fromMap}, its
     * SubjectPublicKeyInfo through {@code Jwk.fromPem}.
     */
    @TestFactory
    Stream<DynamicNode> groupKeysReadAlikeFromJwkAndPem() {
        return Stream.of(ecdsaSuites(), rsaPkcs1Suites(), rsaPssSuites(), eddsaSuites())
                .flatMap(List::stream)
                .map(suite -> suite.eachGroup(g -> g.has("publicKeyJwk") || g.has("keyJwk"), g -> {
                    Jwk fromJwk = Jwk.fromMap(g.object(g.has("keyJwk") ? "keyJwk" : "publicKeyJwk"));
                    Jwk fromPem = Jwk.fromPem(VectorFiles.publicKeyPem(g.string("publicKeyDer")));
                    assertThat(fromPem.publicKey().getEncoded())
                            .isEqualTo(fromJwk.publicKey().getEncoded());
                    assertThat(fromPem.thumbprint()).isEqualTo(fromJwk.thumbprint());
                }));
    }

    private List<SignatureSuite> ecdsaSuites() {
        return List.of(
                ecdsa("ecdsa_secp256r1_sha256_p1363_test.json", JwsAlgorithm.ES256),
                ecdsa("ecdsa_secp384r1_sha384_p1363_test.json", JwsAlgorithm.ES384),
                ecdsa("ecdsa_secp521r1_sha512_p1363_test.json", JwsAlgorithm.ES512),
                // RFC 8812 ES256K: the JDK has no secp256k1 since 16; ACCP has.
                ecdsa("ecdsa_secp256k1_sha256_p1363_test.json", JwsAlgorithm.ES256K));
    }

    private List<SignatureSuite> rsaPkcs1Suites() {
        List<SignatureSuite> suites = new ArrayList<>();
        for (int bits : new int[] {2048, 3072, 4096}) {
            suites.add(rsaPkcs1("rsa_signature_" + bits + "_sha256_test.json", JwsAlgorithm.RS256));
            suites.add(rsaPkcs1("rsa_signature_" + bits + "_sha384_test.json", JwsAlgorithm.RS384));
            suites.add(rsaPkcs1("rsa_signature_" + bits + "_sha512_test.json", JwsAlgorithm.RS512));
        }
        return suites;
    }

    private List<SignatureSuite> rsaPssSuites() {
        return List.of(
                rsaPss("rsa_pss_2048_sha256_mgf1_32_test.json", JwsAlgorithm.PS256),
                rsaPss("rsa_pss_3072_sha256_mgf1_32_test.json", JwsAlgorithm.PS256),
                rsaPss("rsa_pss_4096_sha256_mgf1_32_test.json", JwsAlgorithm.PS256),
                rsaPss("rsa_pss_2048_sha384_mgf1_48_test.json", JwsAlgorithm.PS384),
                rsaPss("rsa_pss_4096_sha384_mgf1_48_test.json", JwsAlgorithm.PS384),
                rsaPss("rsa_pss_4096_sha512_mgf1_64_test.json", JwsAlgorithm.PS512));
    }

    private List<SignatureSuite> eddsaSuites() {
        return List.of(
                new SignatureSuite("ed25519_test.json", JwsAlgorithm.EDDSA, "Ed25519", "sig", this::publicKey),
                new SignatureSuite("ed448_test.json", JwsAlgorithm.EDDSA, "Ed448", "sig", this::publicKey));
    }

    private SignatureSuite ecdsa(String file, JwsAlgorithm alg) {
        return new SignatureSuite(file, alg, alg.jcaName(), "sig", this::publicKey)
                .knownProviderDefect((g, v, p) -> p.provider() == null && rIsReducedX(v)
                        ? "SunEC before JDK 25 rejects a valid signature whose R.x is at least n (r = R.x - n);"
                                + " honest signers hit it with probability at most about 2^-128; see vectors/README.md"
                        : null);
    }

    /** Vectors where R.x ≥ n, so that r = R.x mod n needs the reduction (SEC 1 §4.1.4 step 7). */
    private static boolean rIsReducedX(Wycheproof.Vector v) {
        String comment = v.string("comment");
        return comment.contains("large x-coordinate") || comment.contains("smallest possible x with a reduction");
    }

    private SignatureSuite rsaPkcs1(String file, JwsAlgorithm alg) {
        // MissingNull (acceptable): a DigestInfo whose hash AlgorithmIdentifier omits the NULL
        // parameters. Signet leaves the encoding check to the provider, which decides it: SunRsaSign
        // accepts it, ACCP (AWS-LC) refuses it. Neither lets anyone forge a signature.
        return new SignatureSuite(file, alg, alg.jcaName(), "sig", this::publicKey)
                .policy((g, v, p) -> !v.flags().contains("MissingNull")
                        ? null
                        : p.provider() == null
                                ? Decision.verified("missing NULL accepted, as SunRsaSign does")
                                : Decision.signatureRejected("missing NULL refused, as ACCP does"));
    }

    private SignatureSuite rsaPss(String file, JwsAlgorithm alg) {
        int hashBytes = alg == JwsAlgorithm.PS256 ? 32 : alg == JwsAlgorithm.PS384 ? 48 : 64;
        // RFC 7518 §3.5: MGF1 with the signature's hash and a salt as long as the hash.
        return new SignatureSuite(file, alg, "RSASSA-PSS", "sig", this::publicKey)
                .inScope((g, v) -> g.string("mgf").equals("MGF1")
                        && g.string("mgfSha").equals(g.string("sha"))
                        && g.integer("sLen") == hashBytes);
    }

    /** The group's public key: its JWK where it has one, else its SubjectPublicKeyInfo as PEM. */
    private Jwk publicKey(Group g, Wycheproof.Vector v) throws JoseException {
        for (String member : List.of("publicKeyJwk", "keyJwk")) {
            if (g.has(member)) {
                return Jwk.fromMap(g.object(member));
            }
        }
        return Jwk.fromPem(VectorFiles.publicKeyPem(g.string("publicKeyDer")));
    }
}
