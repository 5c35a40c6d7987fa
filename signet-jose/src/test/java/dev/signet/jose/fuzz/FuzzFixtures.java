package dev.signet.jose.fuzz;

import dev.signet.jose.JoseException;
import dev.signet.jose.Jwk;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Fixed keys, a fixed clock and the two invariants every fuzz target checks. Everything is
 * constant so that a seed which verifies today verifies in every later run, and a finding
 * reproduces from its input alone.
 */
final class FuzzFixtures {

    static final Instant NOW = Instant.parse("2030-01-01T00:00:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    static final String ISSUER = "https://issuer.example";
    static final String AUDIENCE = "https://api.example";

    static final byte[] SECRET = sha256("signet fuzz: HS256 secret");
    static final Jwk HMAC = jwk("{\"kty\":\"oct\",\"kid\":\"hmac-fuzz\",\"alg\":\"HS256\",\"k\":\""
            + Base64.getUrlEncoder().withoutPadding().encodeToString(SECRET) + "\"}");
    /** A P-256 key made once for these tests; it protects nothing. */
    static final Jwk EC = jwk("{\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":\"7kb1iSCHGo57lb94u8FmvapLpWG5iBT-OCEFG3iZNyg\","
            + "\"y\":\"A5a9LYquOcKQDeJAd5wvzpl9anZU2oQuCVPPnWbdrCc\",\"d\":\"6kVvdwkK4V28KKZMwfoIKwqiu14m0n9njlzFP"
            + "HclB-Q\","
            + "\"alg\":\"ES256\",\"use\":\"sig\",\"kid\":\"ec-fuzz\"}");
    /** Self-signed P-256 root, valid 2029–2032, for the x5c opt-in (the seeds hold a leaf it issued). */
    static final X509Certificate X5C_ROOT =
            certificate("MIIBSDCB7qADAgECAgEBMAoGCCqGSM49BAMCMBsxGTAXBgNVBAMMEFNpZ25ldCBGdXp6"
                    + "IFJvb3QwHhcNMjkwMTAxMDAwMDAwWhcNMzIwMTAxMDAwMDAwWjAbMRkwFwYDVQQDDBBTaWduZXQgRnV6eiBSb290MFk"
                    + "wEwYHKoZIzj0CAQYI"
                    + "KoZIzj0DAQcDQgAEJdC/47ImYy2ZvnVn1keVBk70dYy1BwJSKClVzNLGU9YzvIdgbJETIMR30abyfz/yUKh3Rop5UeZ"
                    + "iM/QtLy7WPaMjMCEw"
                    + "DwYDVR0TAQH/BAUwAwEB/zAOBgNVHQ8BAf8EBAMCAgQwCgYIKoZIzj0EAwIDSQAwRgIhANkFpORjNWCNWkjuh61nVEK"
                    + "Ff/DyrQpYZLwVZp5Y"
                    + "HLceAiEAy+I9y/eYLfctsrx7ELYa3D2nsGWQ02j/C/K6e5gL2KE=");

    /** One call may take this long before it counts as a hang: generous, so a loaded CI box does not flake. */
    static final long BUDGET_NANOS = 2_000_000_000L;

    private FuzzFixtures() {}

    /** A call into the library that may reject its input. */
    interface Call {
        void run() throws JoseException;
    }

    /**
     * Runs {@code call}: a {@link JoseException} is the expected rejection; any other throwable
     * propagates and is a finding; so is a call that takes longer than {@link #BUDGET_NANOS}.
     */
    static void onlyJoseExceptionEscapes(Call call) {
        long start = System.nanoTime();
        try {
            call.run();
        } catch (JoseException rejected) {
            // The one permitted outcome besides success.
        }
        long took = System.nanoTime() - start;
        if (took > BUDGET_NANOS) {
            throw new AssertionError("one call took " + took / 1_000_000 + " ms");
        }
    }

    /** The HS256 MAC of an ASCII signing input with {@link #SECRET}. */
    static byte[] hs256(String signingInput) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(SECRET, "HmacSHA256"));
            return mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static Jwk jwk(String json) {
        try {
            return Jwk.parse(json);
        } catch (JoseException e) {
            throw new IllegalStateException(e);
        }
    }

    private static X509Certificate certificate(String base64Der) {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(
                            new ByteArrayInputStream(Base64.getDecoder().decode(base64Der)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
