package dev.signet.server.oauth;

import dev.signet.jose.Base64Url;
import dev.signet.server.MutableClock;
import dev.signet.server.Secrets;
import dev.signet.server.TestServer;
import dev.signet.server.identity.UserAccount;
import dev.signet.server.identity.UserDirectory;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.databind.JsonNode;

/**
 * Test support for people's tokens: an in-memory user directory, the clients of the code flow, a
 * sign-in that stands for the browser side (it issues the code as the sign-in pages will), and
 * row counts read straight from the database.
 */
final class PeopleFlows {

    static final String REDIRECT = "http://127.0.0.1:5173/callback";

    /** Tenant default: public web-app (as documented), a public client with a grace period, confidential ones. */
    static final String YAML = """
            tenants:
              - name: default
                clients:
                  - id: web-app
                    type: public
                    grants: [authorization_code, refresh_token]
                    redirect-uris: [http://127.0.0.1:5173/callback]
                    post-logout-redirect-uris: [http://127.0.0.1:5173/]
                    scopes: [openid, profile, email, offline_access, orders.read]
                    audiences: [orders-api]
                  - id: web-grace
                    type: public
                    grants: [authorization_code, refresh_token]
                    redirect-uris: [http://127.0.0.1:5173/callback]
                    scopes: [openid, orders.read]
                    audiences: [orders-api]
                    refresh-reuse-grace: 10s
                    refresh-idle: 1h
                    refresh-absolute: 2h
                  - id: backend
                    secret-env: ORDERS_SECRET
                    grants: [authorization_code, refresh_token]
                    redirect-uris: [https://app.example.com/cb]
                    scopes: [openid, profile, orders.read]
                    audiences: [orders-api]
                    claims: [org_id, roles]
                  - id: code-only
                    type: public
                    grants: [authorization_code]
                    redirect-uris: [http://127.0.0.1:5173/callback]
                    scopes: [openid, orders.read]
                    audiences: [orders-api]
                  - id: orders-service
                    secret-env: ORDERS_SECRET
                    grants: [client_credentials]
                    scopes: [openid, orders.read]
                    audiences: [orders-api]
            """;

    /** Users by id; tests disable or remove them. */
    static final class Users implements UserDirectory {
        final Map<String, UserAccount> byId = new ConcurrentHashMap<>();

        @Override
        public Optional<UserAccount> find(String tenant, String userId) {
            UserAccount u = byId.get(userId);
            return u != null && u.tenant().equals(tenant) ? Optional.of(u) : Optional.empty();
        }

        UserAccount add(String username) {
            UserAccount u = new UserAccount(
                    "default",
                    "u-" + Secrets.randomId(),
                    username,
                    username + "@example.com",
                    true,
                    "Alice Example",
                    List.of("admin"),
                    true,
                    false,
                    false);
            byId.put(u.userId(), u);
            return u;
        }

        void disable(UserAccount u) {
            byId.put(
                    u.userId(),
                    new UserAccount(
                            u.tenant(),
                            u.userId(),
                            u.username(),
                            u.email(),
                            u.emailVerified(),
                            u.name(),
                            u.roles(),
                            false,
                            false,
                            false));
        }
    }

    /** A PKCE pair: verifier and its S256 challenge. */
    record Pkce(String verifier, String challenge) {
        static Pkce fresh() {
            String v = Secrets.generate() + "-" + Secrets.randomId(); // 66 characters of the verifier alphabet
            return new Pkce(v, s256(v));
        }
    }

    static String s256(String v) {
        try {
            return Base64Url.encode(MessageDigest.getInstance("SHA-256").digest(v.getBytes(StandardCharsets.US_ASCII)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    final TestServer server;
    final Users users;
    final String dbUrl;

    PeopleFlows(TestServer server, Users users, String dbUrl) {
        this.server = server;
        this.users = users;
        this.dbUrl = dbUrl;
    }

    static PeopleFlows start(String dbUrl, Path dir, MutableClock clock, Users users) {
        return new PeopleFlows(TestServer.start(YAML, dbUrl, dir, clock, Map.of(), users), users, dbUrl);
    }

    /** What the sign-in side does once the user has signed in and consented. */
    String code(String clientId, UserAccount user, String sid, Pkce pkce, List<String> scopes, String nonce) {
        return server.server()
                .authorizationCodes()
                .issue(new AuthorizationCodes.Grant(
                        "default",
                        clientId,
                        user.userId(),
                        sid,
                        redirectOf(clientId),
                        pkce.challenge(),
                        scopes,
                        nonce,
                        server.clock().instant().minusSeconds(5),
                        "urn:signet:acr:pwd",
                        List.of("pwd")));
    }

    static String redirectOf(String clientId) {
        return clientId.equals("backend") ? "https://app.example.com/cb" : REDIRECT;
    }

    /** Redeems a code at the token endpoint as client {@code clientId} (public, or backend with its secret). */
    HttpResponse<String> redeem(String clientId, String code, String redirectUri, String verifier) {
        List<String> form = new ArrayList<>(List.of("grant_type", "authorization_code", "code", code));
        if (redirectUri != null) {
            form.addAll(List.of("redirect_uri", redirectUri));
        }
        if (verifier != null) {
            form.addAll(List.of("code_verifier", verifier));
        }
        return token(clientId, form);
    }

    HttpResponse<String> refresh(String clientId, String refreshToken, String... extra) {
        List<String> form = new ArrayList<>(List.of("grant_type", "refresh_token", "refresh_token", refreshToken));
        form.addAll(List.of(extra));
        return token(clientId, form);
    }

    HttpResponse<String> token(String clientId, List<String> form) {
        List<String> f = new ArrayList<>(form);
        if (clientId.equals("backend") || clientId.equals("orders-service")) {
            return server.postForm("/tenants/default/token", f, TestServer.basic(clientId, TestServer.ORDERS_SECRET));
        }
        f.addAll(List.of("client_id", clientId));
        return server.postForm("/tenants/default/token", f);
    }

    /** Signs {@code user} in to {@code clientId} and redeems the code: the token endpoint's answer. */
    JsonNode signIn(String clientId, UserAccount user, String sid) {
        Pkce p = Pkce.fresh();
        String code = code(clientId, user, sid, p, List.of("openid", "orders.read"), "n-" + sid);
        HttpResponse<String> r = redeem(clientId, code, redirectOf(clientId), p.verifier());
        if (r.statusCode() != 200) {
            throw new AssertionError("code redemption failed: " + r.statusCode() + " " + r.body());
        }
        return TestServer.json(r);
    }

    JsonNode introspect(String token) {
        return TestServer.json(server.postForm(
                "/tenants/default/introspect",
                List.of("token", token),
                TestServer.basic("orders-service", TestServer.ORDERS_SECRET)));
    }

    /** The family id of refresh token {@code token}, read from the database. */
    String familyOf(String token) {
        return query("SELECT family_id FROM refresh_tokens WHERE token_hash = ?", Secrets.hash(token))
                .get(0);
    }

    int members(String familyId) {
        return Integer.parseInt(query("SELECT COUNT(*) FROM refresh_tokens WHERE family_id = ?", familyId)
                .get(0));
    }

    boolean revoked(String familyId) {
        return query("SELECT revoked_at FROM refresh_families WHERE family_id = ?", familyId)
                        .get(0)
                != null;
    }

    int count(String sql) {
        return Integer.parseInt(query(sql).get(0));
    }

    List<String> query(String sql, String... args) {
        try (Connection c = DriverManager.getConnection(dbUrl);
                PreparedStatement st = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                st.setString(i + 1, args[i]);
            }
            List<String> out = new ArrayList<>();
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }
}
