package dev.signet.jose.attacks;

import static dev.signet.jose.JoseException.Reason.BAD_SIGNATURE;
import static dev.signet.jose.JoseException.Reason.KEY_NOT_FOUND;
import static dev.signet.jose.JoseException.Reason.MALFORMED;
import static dev.signet.jose.attacks.Forge.rejects;
import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.jose.Jwk;
import dev.signet.jose.JwsAlgorithm;
import dev.signet.jose.JwtVerifier;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code jku} and {@code x5u} point the verifier at a key the attacker hosts (and, fetched, would be
 * server-side request forgery). They are never fetched: a listening socket on 127.0.0.1 records
 * every connection, and the token is still checked against the configured key.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class KeyUrlAttackTest {

    private static final Jwk ATTACKER = TrustedIssuer.unchecked(() -> Jwk.generate(JwsAlgorithm.ES256));

    private ServerSocket listener;

    @BeforeEach
    void listen() throws IOException {
        listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    }

    @AfterEach
    void close() throws IOException {
        listener.close();
    }

    /**
     * Connections made so far. A client's connect() returns once the kernel has queued the
     * connection, so anything a verify() call opened is already waiting here when it returns.
     */
    private int connectionsSoFar() throws IOException {
        listener.setSoTimeout(200);
        int n = 0;
        while (true) {
            try {
                listener.accept().close();
                n++;
            } catch (SocketTimeoutException none) {
                return n;
            }
        }
    }

    private String url(String scheme, String path) {
        return scheme + "://127.0.0.1:" + listener.getLocalPort() + path;
    }

    private static String signedBy(Jwk key, String kid, String extraHeader) {
        String header = "{\"alg\":\"ES256\",\"kid\":\"" + kid + "\"," + extraHeader + "}";
        return Forge.signed(
                Forge.signingInput(header, TrustedIssuer.claimsJson()), JwsAlgorithm.ES256, key.privateKey());
    }

    @Test
    void theRecorderSeesAConnection() throws IOException {
        // Control: proves a fetch would have been counted.
        new Socket(InetAddress.getLoopbackAddress(), listener.getLocalPort()).close();
        assertThat(connectionsSoFar()).isEqualTo(1);
    }

    @Test
    void neverFetchesJkuAndChecksTheConfiguredKey() throws Exception {
        JwtVerifier verifier = TrustedIssuer.verifier().build();
        for (String scheme : List.of("http", "https")) {
            String jku = "\"jku\":\"" + url(scheme, "/jwks.json") + "\"";
            rejects(BAD_SIGNATURE, () -> verifier.verify(signedBy(ATTACKER, "ec-1", jku)));
            // Naming its own key: neither jku nor jwk adds it to the key source.
            rejects(
                    KEY_NOT_FOUND,
                    () -> verifier.verify(signedBy(
                            ATTACKER,
                            "attacker",
                            jku + ",\"jwk\":" + ATTACKER.toPublicJwk().toJson())));
            assertThat(verifier.verify(signedBy(TrustedIssuer.EC, "ec-1", jku))
                            .key()
                            .keyId())
                    .isEqualTo("ec-1");
        }
        assertThat(connectionsSoFar()).isZero();
    }

    @Test
    void neverFetchesX5uAndChecksTheConfiguredKey() throws Exception {
        JwtVerifier verifier = TrustedIssuer.verifier().build();
        for (String scheme : List.of("http", "https")) {
            String x5u = "\"x5u\":\"" + url(scheme, "/cert.pem") + "\"";
            rejects(BAD_SIGNATURE, () -> verifier.verify(signedBy(ATTACKER, "ec-1", x5u)));
            assertThat(verifier.verify(signedBy(TrustedIssuer.EC, "ec-1", x5u))
                            .key()
                            .keyId())
                    .isEqualTo("ec-1");
        }
        assertThat(connectionsSoFar()).isZero();
    }

    @Test
    void neverFetchesEvenWithEveryHeaderKeyOptIn() throws Exception {
        // trustEmbeddedJwk and x5c trust concern keys in the token, never keys behind a URL.
        JwtVerifier verifier = TrustedIssuer.verifier()
                .trustEmbeddedJwk()
                .trustX5cChains(List.of(Certificates.selfSignedCa("CN=Anchor").certificate()))
                .build();
        String both = "\"jku\":\"" + url("http", "/jwks.json") + "\",\"x5u\":\"" + url("http", "/c.pem") + "\"";
        rejects(BAD_SIGNATURE, () -> verifier.verify(signedBy(ATTACKER, "ec-1", both)));
        assertThat(connectionsSoFar()).isZero();
    }

    @Test
    void rejectsNonStringJkuAndX5u() {
        JwtVerifier verifier = TrustedIssuer.verifier().build();
        rejects(MALFORMED, () -> verifier.verify(signedBy(TrustedIssuer.EC, "ec-1", "\"jku\":[\"http://a\"]")));
        rejects(
                MALFORMED,
                () -> verifier.verify(signedBy(TrustedIssuer.EC, "ec-1", "\"x5u\":{\"href\":\"http://a\"}")));
    }
}
