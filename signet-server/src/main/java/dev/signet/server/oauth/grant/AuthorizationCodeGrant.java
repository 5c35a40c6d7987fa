package dev.signet.server.oauth.grant;

import dev.signet.jose.Base64Url;
import dev.signet.server.Secrets;
import dev.signet.server.audit.AuditEvent;
import dev.signet.server.audit.AuditLog;
import dev.signet.server.identity.UserAccount;
import dev.signet.server.identity.UserDirectory;
import dev.signet.server.oauth.AccessTokens;
import dev.signet.server.oauth.AuthorizationCodes;
import dev.signet.server.oauth.IdTokens;
import dev.signet.server.oauth.IssuedToken;
import dev.signet.server.oauth.OAuthError;
import dev.signet.server.oauth.RefreshTokens;
import dev.signet.server.oauth.StoredAuthorizationCodes;
import dev.signet.server.oauth.TokenRequest;
import dev.signet.server.store.ClientRecord;
import dev.signet.server.store.TokenStore;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The authorization-code grant (RFC 6749 §4.1.3, OAuth 2.1 §4.1.3) with PKCE (RFC 7636, {@code S256}
 * only): the code must be this client's, unexpired and not redeemed before, {@code redirect_uri}
 * equal to the one it was issued for, {@code code_verifier} must hash to its challenge, and its user
 * must still exist and be enabled. The answer: an access token, an ID token when {@code openid} was
 * granted, a refresh token when the client has the {@code refresh_token} grant.
 *
 * <p>A code presented after it was redeemed is refused, and what it issued is revoked: its refresh
 * family and its access token's {@code jti} (RFC 6749 §4.1.2).
 */
public final class AuthorizationCodeGrant implements Grant {

    public static final String TYPE = "authorization_code";

    /** RFC 7636 §4.1: 43 to 128 unreserved characters. */
    private static final Pattern VERIFIER = Pattern.compile("[A-Za-z0-9._~-]{43,128}");

    private final StoredAuthorizationCodes codes;
    private final RefreshTokens refresh;
    private final UserTokens issuing;
    private final TokenStore tokens;
    private final AuditLog audit;
    private final Clock clock;

    public AuthorizationCodeGrant(
            StoredAuthorizationCodes codes,
            RefreshTokens refresh,
            AccessTokens access,
            IdTokens idTokens,
            UserDirectory users,
            TokenStore tokens,
            AuditLog audit,
            Clock clock) {
        this.codes = codes;
        this.refresh = refresh;
        this.issuing = new UserTokens(access, idTokens, users);
        this.tokens = tokens;
        this.audit = audit;
        this.clock = clock;
    }

    @Override
    public String grantType() {
        return TYPE;
    }

    @Override
    public IssuedToken issue(String tenant, ClientRecord client, TokenRequest request) {
        String code = required(request, "code");
        String redirectUri = required(request, "redirect_uri");
        String verifier = required(request, "code_verifier");
        if (!VERIFIER.matcher(verifier).matches()) {
            throw OAuthError.invalidRequest(
                    "code_verifier must be 43 to 128 characters of A-Z a-z 0-9 - . _ ~ (RFC 7636 §4.1)");
        }
        StoredAuthorizationCodes.Stored stored = codes.find(tenant, code)
                .orElseThrow(() -> OAuthError.invalidGrant("the authorization code is invalid or expired"));
        if (stored.consumedAt() != null) {
            throw replayed(tenant, stored);
        }
        AuthorizationCodes.Grant g = stored.grant();
        Instant now = clock.instant();
        if (UserTokens.reached(now, stored.expiresAt())) {
            throw OAuthError.invalidGrant("the authorization code is invalid or expired");
        }
        if (!g.clientId().equals(client.clientId())) {
            throw OAuthError.invalidGrant("the authorization code was issued to another client");
        }
        if (!g.redirectUri().equals(redirectUri)) {
            throw OAuthError.invalidGrant("redirect_uri differs from the one the authorization code was issued for");
        }
        if (!MessageDigest.isEqual(
                s256(verifier).getBytes(StandardCharsets.US_ASCII),
                g.codeChallenge().getBytes(StandardCharsets.US_ASCII))) {
            throw OAuthError.invalidGrant("code_verifier does not match the code challenge (S256)");
        }
        UserAccount user = issuing.activeUser(tenant, g.userId());
        List<String> audiences = ClientAllowance.audiences(client, request.resources());
        boolean withRefresh = client.grants().contains(RefreshTokenGrant.TYPE);
        String familyId = withRefresh ? RefreshTokens.newFamilyId() : null;
        String jti = Secrets.randomId();
        Instant accessExpires = now.plus(issuing.access().lifetime(tenant)).plus(Duration.ofMinutes(1));
        String[] refreshToken = {null};
        boolean redeemed = codes.redeem(stored.codeHash(), familyId, jti, accessExpires, h -> {
            if (withRefresh) {
                refreshToken[0] = refresh.start(
                        h,
                        familyId,
                        new RefreshTokens.NewFamily(
                                tenant,
                                client.clientId(),
                                g.userId(),
                                g.sid(),
                                g.scopes(),
                                audiences,
                                g.authTime(),
                                g.acr(),
                                g.amr()),
                        client.refresh());
            }
        });
        if (!redeemed) {
            // Another request redeemed it a moment ago: this one is the replay.
            throw replayed(tenant, codes.find(tenant, code).orElse(stored));
        }
        IssuedToken t = issuing.issue(
                tenant,
                client,
                TYPE,
                jti,
                user,
                new IdTokens.Subject(g.userId(), g.sid(), g.authTime(), g.acr(), g.amr(), g.nonce()),
                g.scopes(),
                audiences);
        return t.with(t.idToken(), refreshToken[0]);
    }

    /** Revokes what a redeemed code issued, audits the replay, and returns the refusal. */
    private OAuthError replayed(String tenant, StoredAuthorizationCodes.Stored s) {
        Instant now = clock.instant();
        if (s.familyId() != null) {
            refresh.revokeFamily(tenant, s.familyId(), "authorization code replayed");
        }
        if (s.accessJti() != null) {
            tokens.revokeJwt(tenant, s.accessJti(), s.accessExpiresAt() != null ? s.accessExpiresAt() : now, now);
            tokens.revokeOpaqueByJti(tenant, s.accessJti(), now);
        }
        audit.record(
                tenant,
                AuditEvent.AUTHORIZATION_CODE_REPLAYED,
                s.grant().clientId(),
                "user=" + s.grant().userId() + " sid=" + s.grant().sid() + " access jti=" + s.accessJti()
                        + (s.familyId() != null ? " refresh family=" + s.familyId() : "") + " revoked");
        return OAuthError.invalidGrant("the authorization code was used before; what it issued has been revoked");
    }

    /** RFC 7636 §4.2: BASE64URL(SHA256(ASCII(code_verifier))). */
    static String s256(String verifier) {
        try {
            return Base64Url.encode(
                    MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java runtime", e);
        }
    }

    private static String required(TokenRequest request, String name) {
        String v = request.parameter(name);
        if (v == null || v.isEmpty()) {
            throw OAuthError.invalidRequest(name + " is required");
        }
        return v;
    }
}
