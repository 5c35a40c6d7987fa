package dev.signet.verify;

import dev.signet.jose.JoseException;
import dev.signet.jose.JwtClaims;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Who a verified access token speaks for, as one typed value for the application: the subject,
 * the client it was issued to, its scopes (from a {@code scope} string or an {@code scp} array), the
 * issuer (and the tenant label configured for it), how and when the person signed in ({@code acr},
 * {@code amr}, {@code auth_time}), and every verified claim.
 */
public final class Principal {

    private final String issuer;
    private final String tenant;
    private final String subject;
    private final String clientId;
    private final Set<String> scopes;
    private final String acr;
    private final List<String> amr;
    private final Instant authTime;
    private final Instant expiresAt;
    private final JwtClaims claims;

    private Principal(Issuer from, JwtClaims c) throws JoseException {
        this.issuer = c.issuer();
        this.tenant = from.tenant();
        this.subject = c.subject();
        this.clientId = c.getString("client_id");
        this.scopes = scopesOf(c);
        this.acr = c.getString("acr");
        this.amr = c.has("amr") ? c.getStringList("amr") : List.of();
        this.authTime = c.has("auth_time") ? c.getInstant("auth_time") : null;
        this.expiresAt = c.expiresAt();
        this.claims = c;
    }

    /** The principal of verified claims {@code c}, from issuer {@code from}. */
    static Principal of(Issuer from, JwtClaims c) throws JoseException {
        return new Principal(from, c);
    }

    private static Set<String> scopesOf(JwtClaims c) throws JoseException {
        Set<String> out = new LinkedHashSet<>();
        if (c.has("scope")) {
            String s = c.getString("scope");
            if (s != null && !s.isEmpty()) {
                out.addAll(Arrays.asList(s.split(" ")));
            }
        }
        if (c.has("scp")) {
            out.addAll(new ArrayList<>(c.getStringList("scp")));
        }
        out.remove("");
        return Set.copyOf(out);
    }

    public String issuer() {
        return issuer;
    }

    /** The tenant label configured for the issuer ({@link Issuer.Builder#tenant}), or null. */
    public String tenant() {
        return tenant;
    }

    /** {@code sub}: the user's stable id, or the client's own id for a client-credentials token. */
    public String subject() {
        return subject;
    }

    /** {@code client_id} (RFC 9068 §2.2), or null when the token has none. */
    public String clientId() {
        return clientId;
    }

    public Set<String> scopes() {
        return scopes;
    }

    public boolean hasScope(String scope) {
        return scopes.contains(scope);
    }

    /** {@code acr}, or null. */
    public String acr() {
        return acr;
    }

    /** {@code amr} (RFC 8176), empty when absent. */
    public List<String> amr() {
        return amr;
    }

    /** {@code auth_time}, or null for a token no person signed in for. */
    public Instant authTime() {
        return authTime;
    }

    public Instant expiresAt() {
        return expiresAt;
    }

    /** Every claim of the verified token. */
    public JwtClaims claims() {
        return claims;
    }

    @Override
    public String toString() {
        return "Principal[sub=" + subject + ", client_id=" + clientId + ", iss=" + issuer + ", scopes=" + scopes + "]";
    }
}
