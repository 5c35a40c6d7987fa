package dev.signet.verify;

import dev.signet.jose.JoseException;
import dev.signet.jose.JwsAlgorithm;
import dev.signet.jose.JwtClaims;
import dev.signet.jose.UntrustedText;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * What a verifier reads from an issuer's metadata document (OpenID Connect Discovery §3, RFC 8414
 * §2): the JWK Set URL and the signing algorithms it lists. The document's {@code issuer} must equal
 * the configured issuer exactly (OpenID Connect Discovery §4.3, RFC 8414 §3.3): a document that
 * names another issuer could hand this one's trust to someone else's keys.
 *
 * @param algorithms the asymmetric algorithms of {@code id_token_signing_alg_values_supported} that
 *     Signet knows, in the document's order; empty when the document lists none
 */
public record IssuerMetadata(String issuer, String jwksUri, List<JwsAlgorithm> algorithms) {

    public IssuerMetadata {
        algorithms = List.copyOf(algorithms);
    }

    /**
     * Fetches and checks the metadata of {@code expected}, within the fetcher's limits.
     *
     * @throws KeySetFetchException when it cannot be fetched, is not a JSON object, names another
     *     issuer, or has no usable {@code jwks_uri}
     */
    public static IssuerMetadata fetch(KeySetFetcher fetcher, Issuer expected) throws KeySetFetchException {
        URI uri = KeySetUrl.parse(expected.metadataUrl());
        byte[] body = fetcher.fetch(uri);
        return parse(uri, body, expected.issuer());
    }

    /** Checks a fetched document against {@code expectedIssuer}. */
    static IssuerMetadata parse(URI from, byte[] body, String expectedIssuer) throws KeySetFetchException {
        JwtClaims doc;
        try {
            doc = JwtClaims.parse(new String(body, StandardCharsets.UTF_8));
        } catch (JoseException e) {
            throw failure(from, "the metadata at " + from + " is not a JSON object: " + e.getMessage(), e);
        }
        String issuer;
        String jwksUri;
        List<String> algs;
        try {
            issuer = doc.getString("issuer");
            jwksUri = doc.getString("jwks_uri");
            algs = doc.has("id_token_signing_alg_values_supported")
                    ? doc.getStringList("id_token_signing_alg_values_supported")
                    : List.of();
        } catch (JoseException e) {
            throw failure(from, "the metadata at " + from + " has a member of the wrong type: " + e.getMessage(), e);
        }
        if (issuer == null) {
            throw failure(from, "the metadata at " + from + " names no issuer", null);
        }
        if (!issuer.equals(expectedIssuer)) {
            throw failure(
                    from,
                    "the metadata at " + from + " is for issuer '" + UntrustedText.printable(issuer) + "', not '"
                            + expectedIssuer + "': refusing its keys",
                    null);
        }
        if (jwksUri == null) {
            throw failure(from, "the metadata at " + from + " has no jwks_uri", null);
        }
        try {
            KeySetUrl.parse(jwksUri);
        } catch (IllegalArgumentException e) {
            throw failure(
                    from,
                    "the metadata at " + from + " has a jwks_uri keys may not be fetched from: " + e.getMessage(),
                    e);
        }
        List<JwsAlgorithm> known = new ArrayList<>();
        for (String a : algs) {
            JwsAlgorithm alg = asymmetric(a);
            if (alg != null && !known.contains(alg)) {
                known.add(alg);
            }
        }
        return new IssuerMetadata(issuer, jwksUri, known);
    }

    /** The algorithm named {@code id} when Signet knows it and it is asymmetric, else null. */
    static JwsAlgorithm asymmetric(String id) {
        for (JwsAlgorithm a : JwsAlgorithm.values()) {
            if (a.identifier().equals(id) && !a.identifier().startsWith("HS")) {
                return a;
            }
        }
        return null;
    }

    private static KeySetFetchException failure(URI from, String message, Throwable cause) {
        return new KeySetFetchException(from, message, 0, null, cause);
    }
}
