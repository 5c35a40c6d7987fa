package dev.signet.jose.attacks;

import static dev.signet.jose.JoseException.Reason.BAD_SIGNATURE;
import static dev.signet.jose.JoseException.Reason.MALFORMED;
import static dev.signet.jose.JoseException.Reason.UNTRUSTED_CERTIFICATE;
import static dev.signet.jose.attacks.Forge.rejects;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.signet.jose.JwsAlgorithm;
import dev.signet.jose.Jwt;
import dev.signet.jose.JwtVerifier;
import java.security.PrivateKey;
import java.time.Duration;
import java.util.List;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.junit.jupiter.api.Test;

/**
 * {@code x5c} (RFC 7515 §4.1.6) carries the signer's certificate chain. Unless the caller opts in
 * with {@code trustX5cChains(anchors)}, it is ignored; with it, the chain must validate (PKIX, at
 * the verifier's clock) to one of the anchors, or the token is UNTRUSTED_CERTIFICATE.
 */
class X5cChainAttackTest {

    private static final Certificates.Issued ANCHOR = Certificates.selfSignedCa("CN=Signet Test Root");
    private static final Certificates.Issued LEAF = Certificates.leaf("CN=issuer.example", ANCHOR);
    /** The attacker's own root, even with the same name as the real one. */
    private static final Certificates.Issued FAKE_ANCHOR = Certificates.selfSignedCa("CN=Signet Test Root");

    private static final Certificates.Issued FAKE_LEAF = Certificates.leaf("CN=issuer.example", FAKE_ANCHOR);

    private static JwtVerifier trustingAnchor() {
        return TrustedIssuer.verifier()
                .trustX5cChains(List.of(ANCHOR.certificate()))
                .build();
    }

    private static String withX5c(String x5c, PrivateKey signer) {
        String header = "{\"alg\":\"ES256\",\"x5c\":" + x5c + "}";
        return Forge.signed(Forge.signingInput(header, TrustedIssuer.claimsJson()), JwsAlgorithm.ES256, signer);
    }

    @Test
    void acceptsChainIssuedByTheAnchor() throws Exception {
        Jwt jwt = trustingAnchor()
                .verify(withX5c(
                        Certificates.x5c(LEAF.certificate()), LEAF.keys().getPrivate()));
        assertThat(jwt.key().publicKey()).isEqualTo(LEAF.certificate().getPublicKey());
    }

    @Test
    void acceptsChainThatAlsoCarriesTheAnchor() throws Exception {
        String x5c = Certificates.x5c(LEAF.certificate(), ANCHOR.certificate());
        assertThat(trustingAnchor()
                        .verify(withX5c(x5c, LEAF.keys().getPrivate()))
                        .claims()
                        .subject())
                .isEqualTo("alice");
    }

    @Test
    void rejectsSelfSignedAttackerLeaf() {
        Certificates.Issued selfSigned = Certificates.selfSignedCa("CN=issuer.example");
        String token = withX5c(
                Certificates.x5c(selfSigned.certificate()), selfSigned.keys().getPrivate());
        rejects(UNTRUSTED_CERTIFICATE, () -> trustingAnchor().verify(token));
    }

    @Test
    void rejectsAttackerChainUnderARootWithTheAnchorsName() {
        String x5c = Certificates.x5c(FAKE_LEAF.certificate(), FAKE_ANCHOR.certificate());
        rejects(
                UNTRUSTED_CERTIFICATE,
                () -> trustingAnchor().verify(withX5c(x5c, FAKE_LEAF.keys().getPrivate())));
    }

    @Test
    void rejectsTrustedChainWhenTheTokenIsSignedByAnotherKey() {
        // A genuine certificate copied from another token proves nothing without its private key.
        String token =
                withX5c(Certificates.x5c(LEAF.certificate()), FAKE_LEAF.keys().getPrivate());
        rejects(BAD_SIGNATURE, () -> trustingAnchor().verify(token));
    }

    @Test
    void rejectsLeafExpiredAtTheVerifiersClock() {
        Certificates.Issued expired = Certificates.leaf(
                "CN=old",
                ANCHOR,
                KeyUsage.digitalSignature,
                TrustedIssuer.NOW.minus(Duration.ofDays(30)),
                TrustedIssuer.NOW.minus(Duration.ofDays(1)));
        String token =
                withX5c(Certificates.x5c(expired.certificate()), expired.keys().getPrivate());
        rejects(UNTRUSTED_CERTIFICATE, () -> trustingAnchor().verify(token));
    }

    @Test
    void rejectsLeafNotForDigitalSignatures() {
        Certificates.Issued encipherOnly = Certificates.leaf(
                "CN=enc",
                ANCHOR,
                KeyUsage.keyAgreement,
                TrustedIssuer.NOW.minus(Duration.ofDays(1)),
                TrustedIssuer.NOW.plus(Duration.ofDays(1)));
        String token = withX5c(
                Certificates.x5c(encipherOnly.certificate()),
                encipherOnly.keys().getPrivate());
        rejects(UNTRUSTED_CERTIFICATE, () -> trustingAnchor().verify(token));
    }

    @Test
    void ignoresX5cWithoutTheOptIn() throws Exception {
        JwtVerifier plain = TrustedIssuer.verifier().build();
        // A trusted-looking chain does not replace the configured keys...
        rejects(
                BAD_SIGNATURE,
                () -> plain.verify(withX5c(
                        Certificates.x5c(LEAF.certificate()), LEAF.keys().getPrivate())));
        // ...and an untrusted one does not spoil a token the configured key signed.
        String signedByIssuer = withX5c(Certificates.x5c(FAKE_LEAF.certificate()), TrustedIssuer.EC.privateKey());
        assertThat(plain.verify(signedByIssuer).key().keyId()).isEqualTo("ec-1");
    }

    @Test
    void rejectsMalformedX5c() {
        JwtVerifier v = trustingAnchor();
        PrivateKey k = LEAF.keys().getPrivate();
        rejects(MALFORMED, () -> v.verify(withX5c("[]", k)));
        rejects(MALFORMED, () -> v.verify(withX5c("\"MIIB\"", k)));
        rejects(MALFORMED, () -> v.verify(withX5c("[1]", k)));
        rejects(MALFORMED, () -> v.verify(withX5c("[\"not base64!\"]", k)));
        assertThat(Forge.rejection(() -> v.verify(withX5c("[\"AAAA\"]", k))).reason())
                .isIn(MALFORMED, UNTRUSTED_CERTIFICATE);
    }

    @Test
    void rejectsEmptyTrustAnchorList() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> TrustedIssuer.verifier().trustX5cChains(List.of()));
    }
}
