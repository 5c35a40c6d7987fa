package dev.signet.server.oauth;

import dev.signet.jose.Base64Url;
import dev.signet.jose.JoseException;
import dev.signet.jose.JwkSet;
import dev.signet.jose.Jws;
import dev.signet.jose.JwsAlgorithm;
import dev.signet.jose.Jwt;
import dev.signet.jose.JwtClaims;
import dev.signet.jose.JwtVerifier;
import dev.signet.jose.KeySource;
import dev.signet.jose.UntrustedText;
import dev.signet.server.Metrics;
import dev.signet.server.Secrets;
import dev.signet.server.audit.AuditLog;
import dev.signet.server.client.ClientRules;
import dev.signet.server.store.ClientRecord;
import dev.signet.server.store.ClientStore;
import dev.signet.server.store.TokenStore;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Authenticates a client of a tenant by its secret (RFC 6749 §2.3.1) or by a signed assertion
 * (RFC 7523 private_key_jwt); every failure is audited (repeated ones as summaries) and counted
 * against the client's and the source address's budgets ({@link AuthenticationThrottle}).
 *
 * <p>A presented id that could not name a client ({@link ClientRules#isClientId}: too long, a NUL
 * byte, characters no registration allows) is an unknown client at once: it reaches neither a
 * cache nor the database.
 */
public final class ClientAuthenticator {

    /** Compared against when the client is unknown, so unknown and wrong secret take the same time. */
    private static final String DUMMY_HASH = Secrets.hash(Secrets.generate());

    /** The longest a client assertion may live (RFC 7523 §3 asks for a limit; jti records are kept that long). */
    static final Duration MAX_ASSERTION_LIFETIME = Duration.ofMinutes(5);

    private final ClientStore clients;
    private final TokenStore tokens;
    private final AuditLog audit;
    private final Issuers issuers;
    private final Clock clock;
    private final Metrics metrics;
    private final ClientKeys clientKeys;
    private final AuthenticationThrottle throttle;

    public ClientAuthenticator(
            ClientStore clients,
            TokenStore tokens,
            AuditLog audit,
            Issuers issuers,
            Clock clock,
            Metrics metrics,
            ClientKeys clientKeys) {
        this(clients, tokens, audit, issuers, clock, metrics, clientKeys, new AuthenticationThrottle());
    }

    ClientAuthenticator(
            ClientStore clients,
            TokenStore tokens,
            AuditLog audit,
            Issuers issuers,
            Clock clock,
            Metrics metrics,
            ClientKeys clientKeys,
            AuthenticationThrottle throttle) {
        this.throttle = throttle;
        this.metrics = metrics;
        this.clientKeys = clientKeys;
        this.clients = clients;
        this.tokens = tokens;
        this.audit = audit;
        this.issuers = issuers;
        this.clock = clock;
    }

    /**
     * The client these credentials prove, or {@code invalid_client}; {@code slow_down} (429) once
     * the failures for this client or from {@code source} (the peer's address) exceed their budget.
     * The description never says whether the client exists.
     */
    public ClientRecord authenticate(String tenant, ClientCredentials credentials, String source) {
        if (credentials == null) {
            metrics.clientAuthenticationFailed(tenant, "none");
            throw OAuthError.invalidClient(
                    "client authentication is required (client_secret_basic, client_secret_post or private_key_jwt)");
        }
        if (ClientCredentials.PRIVATE_KEY_JWT.equals(credentials.method())) {
            return authenticateByAssertion(tenant, credentials, source);
        }
        String clientId = credentials.clientId();
        refuseIfThrottled(tenant, clientId, source, credentials.method());
        boolean plausible = ClientRules.isClientId(clientId);
        Optional<ClientRecord> found = plausible ? clients.find(tenant, clientId) : Optional.empty();
        // A client without a secret (private_key_jwt) maps to the dummy too: no secret matches it.
        boolean secretOk = Secrets.matches(
                credentials.secret(), found.map(ClientRecord::secretHash).orElse(DUMMY_HASH));
        String reason = null;
        if (!plausible) {
            reason = NOT_A_CLIENT_ID;
        } else if (found.isEmpty()) {
            reason = "unknown client";
        } else if (!secretOk) {
            reason = "wrong secret";
        } else if (!found.get().enabled()) {
            reason = "client disabled";
        } else if (!found.get().authMethod().equals(credentials.method())) {
            reason = "used " + credentials.method() + ", registered for "
                    + found.get().authMethod();
        }
        if (reason != null) {
            throw failure(tenant, clientId, found.isPresent(), source, reason, credentials.method());
        }
        return found.get();
    }

    /**
     * A public client (RFC 6749 §2.1; auth method {@code none}) named by {@code clientId} alone,
     * where the endpoint accepts public clients (token, revocation). Only a client registered as
     * public passes: a confidential client that presents no credentials is refused as before, with
     * the same audit, budgets and answer as any failed authentication.
     */
    public ClientRecord authenticatePublic(String tenant, String clientId, String source) {
        refuseIfThrottled(tenant, clientId, source, ClientRecord.AUTH_NONE);
        boolean plausible = ClientRules.isClientId(clientId);
        Optional<ClientRecord> found = plausible ? clients.find(tenant, clientId) : Optional.empty();
        String reason = null;
        if (!plausible) {
            reason = NOT_A_CLIENT_ID;
        } else if (found.isEmpty()) {
            reason = "unknown client";
        } else if (!found.get().enabled()) {
            reason = "client disabled";
        } else if (!found.get().isPublic()
                || !ClientRecord.AUTH_NONE.equals(found.get().authMethod())) {
            reason = "presented no credentials, registered for " + found.get().authMethod();
        }
        if (reason != null) {
            throw failure(tenant, clientId, found.isPresent(), source, reason, ClientRecord.AUTH_NONE);
        }
        return found.get();
    }

    /** The audit reason for a presented id that no registration could have (it is not looked up). */
    static final String NOT_A_CLIENT_ID = "unknown client (not a valid client id)";

    /** Refuses a request unchecked when its client's budget is spent and its address failed recently. */
    private void refuseIfThrottled(String tenant, String clientId, String source, String method) {
        AuthenticationThrottle.Gate gate = throttle.before(tenant, clientId, source);
        if (gate.check()) {
            return;
        }
        audit.authenticationFailed(
                tenant, subject(clientId), "throttled: not checked (too many failures for this client)");
        metrics.clientAuthenticationFailed(tenant, method);
        metrics.clientAuthenticationThrottled(tenant);
        throw slowDown(gate.retryAfterSeconds());
    }

    /** Audits and counts a failure, and the answer to give: 401, or 429 once a budget is spent. */
    private OAuthError failure(
            String tenant, String clientId, boolean exists, String source, String reason, String method) {
        long retryAfter = throttle.failed(tenant, clientId, exists, source);
        audit.authenticationFailed(tenant, subject(clientId), reason);
        metrics.clientAuthenticationFailed(tenant, method);
        if (retryAfter > 0) {
            metrics.clientAuthenticationThrottled(tenant);
            return slowDown(retryAfter);
        }
        return OAuthError.invalidClient("client authentication failed");
    }

    private static OAuthError slowDown(long retryAfterSeconds) {
        return OAuthError.slowDown(
                "too many failed client authentications; retry after " + retryAfterSeconds + " s", retryAfterSeconds);
    }

    /**
     * The presented id as the audit shows it: as it is when it could name a client, else none (the
     * reason says it was not a client id), so made-up ids of any kind count under one summary key.
     */
    private static String subject(String clientId) {
        return clientId != null && ClientRules.isClientId(clientId) ? clientId : null;
    }

    /**
     * RFC 7523 §3: the assertion is signed by one of the client's registered keys with an
     * asymmetric algorithm; {@code iss} and {@code sub} are the client; {@code aud} names this
     * issuer or one of its endpoints; it expires within {@link #MAX_ASSERTION_LIFETIME}; and its
     * {@code jti} has not been seen before.
     */
    private ClientRecord authenticateByAssertion(String tenant, ClientCredentials credentials, String source) {
        String assertion = credentials.secret();
        String clientId = credentials.clientId() != null ? credentials.clientId() : unverifiedIssuer(assertion);
        if (clientId == null) {
            throw failure(tenant, null, false, source, "client assertion names no client", credentials.method());
        }
        refuseIfThrottled(tenant, clientId, source, credentials.method());
        boolean plausible = ClientRules.isClientId(clientId);
        Optional<ClientRecord> found = plausible ? clients.find(tenant, clientId) : Optional.empty();
        String reason = null;
        Jwt jwt = null;
        if (!plausible) {
            reason = NOT_A_CLIENT_ID;
        } else if (found.isEmpty()) {
            reason = "unknown client";
        } else if (!found.get().enabled()) {
            reason = "client disabled";
        } else if (!ClientCredentials.PRIVATE_KEY_JWT.equals(found.get().authMethod())
                || (found.get().jwks() == null && found.get().jwksUri() == null)) {
            reason = "used private_key_jwt, registered for " + found.get().authMethod();
        } else {
            try {
                // Only an assertion that parses, with an allowed alg, naming this client as iss and
                // sub, gets as far as the client's keys (which may mean a fetch of its jwks_uri).
                String kid = assertionKeyId(assertion, clientId);
                AssertionVerifier verifier = verifier(tenant, clientId);
                try {
                    jwt = verifier.verify(assertion, clientKeys.keys(found.get(), kid));
                } catch (JoseException first) {
                    // The client may have rotated its keys: one fresh copy of its JWKS, rate-limited.
                    JwkSet fresh = first.reason() == JoseException.Reason.BAD_SIGNATURE
                                    || first.reason() == JoseException.Reason.KEY_NOT_FOUND
                            ? clientKeys.refreshed(found.get())
                            : null;
                    if (fresh == null) {
                        throw first;
                    }
                    jwt = verifier.verify(assertion, fresh);
                }
            } catch (JoseException e) {
                reason = "assertion rejected: " + e.reason();
            } catch (java.io.IOException | IllegalArgumentException e) {
                reason = "client keys unavailable: " + UntrustedText.printable(e.getMessage());
            }
        }
        if (reason == null && !isStorableJwtId(jwt.claims().jwtId())) {
            reason = "assertion rejected: jti must be 1 to " + MAX_JTI_LENGTH + " printable characters";
        }
        if (reason == null
                && !tokens.recordAssertion(
                        tenant, clientId, jwt.claims().jwtId(), jwt.claims().expiresAt())) {
            reason = "assertion replayed (jti seen before)";
        }
        if (reason != null) {
            throw failure(tenant, clientId, found.isPresent(), source, reason, credentials.method());
        }
        return found.get();
    }

    /** The longest {@code jti} of a client assertion: the width of {@code client_assertions.jti} (migration V2). */
    static final int MAX_JTI_LENGTH = 256;

    private static boolean isStorableJwtId(String jti) {
        return jti != null
                && !jti.isEmpty()
                && jti.length() <= MAX_JTI_LENGTH
                && jti.chars().noneMatch(c -> c < 0x20 || c == 0x7F || Character.isSurrogate((char) c));
    }

    /** Verifies assertions of one client against a key set given per call. */
    private interface AssertionVerifier {
        Jwt verify(String assertion, JwkSet keys) throws JoseException;
    }

    private AssertionVerifier verifier(String tenant, String clientId) {
        return (assertion, keys) -> verifier(tenant, clientId, keys).verify(assertion);
    }

    private JwtVerifier verifier(String tenant, String clientId, JwkSet keys) {
        String iss = issuers.issuer(tenant);
        long latestExp = clock.instant().plus(MAX_ASSERTION_LIFETIME).getEpochSecond();
        return JwtVerifier.builder(KeySource.of(keys))
                .issuer(clientId)
                .audiences(List.of(iss, iss + "/token", iss + "/introspect", iss + "/revoke"))
                .algorithms(ASSERTION_ALGORITHMS)
                .clock(clock)
                .clockSkew(Duration.ofSeconds(30))
                .claimEquals(JwtClaims.SUBJECT, clientId)
                .requireClaims(JwtClaims.JWT_ID)
                .claim(JwtClaims.EXPIRATION, exp -> exp instanceof Number n && n.longValue() <= latestExp)
                .build();
    }

    /** Asymmetric algorithms a client may sign its assertions with (no HMAC: that would be client_secret_jwt). */
    public static final List<JwsAlgorithm> ASSERTION_ALGORITHMS = List.of(
                    JwsAlgorithm.RS256,
                    JwsAlgorithm.PS256,
                    JwsAlgorithm.ES256,
                    JwsAlgorithm.EDDSA,
                    JwsAlgorithm.ML_DSA_65)
            .stream()
            .filter(JwsAlgorithm::isAvailable)
            .toList();

    /**
     * The {@code kid} (or null) of an assertion that is a JWS with an allowed algorithm whose
     * {@code iss} and {@code sub} are {@code clientId}; not yet verified, only to pick the keys.
     *
     * @throws JoseException when it is not such an assertion
     */
    private static String assertionKeyId(String assertion, String clientId) throws JoseException {
        Jws jws = Jws.parseUnverified(assertion);
        if (!ASSERTION_ALGORITHMS.contains(
                JwsAlgorithm.fromIdentifier(jws.header().algorithm()))) {
            throw new JoseException(
                    JoseException.Reason.ALG_NOT_ALLOWED,
                    "alg \""
                            + UntrustedText.printable(
                                    String.valueOf(jws.header().algorithm()))
                            + "\" is not allowed for a client assertion");
        }
        JwtClaims claims = JwtClaims.parse(jws.payloadText());
        if (!clientId.equals(claims.issuer()) || !clientId.equals(claims.subject())) {
            throw new JoseException(
                    JoseException.Reason.WRONG_ISSUER, "a client assertion's iss and sub must both be the client id");
        }
        return jws.header().keyId();
    }

    /** The {@code iss} of a not yet verified assertion: only to find whose keys to verify it with. */
    private static String unverifiedIssuer(String assertion) {
        String[] parts = assertion.split("\\.", -1);
        if (parts.length != 3 || parts[1].length() > 8192) {
            return null;
        }
        try {
            Object iss = JwtClaims.parse(new String(Base64Url.decode(parts[1]), StandardCharsets.UTF_8))
                    .get("iss");
            return iss instanceof String s && ClientRules.isClientId(s) ? s : null;
        } catch (JoseException | RuntimeException e) {
            return null;
        }
    }
}
