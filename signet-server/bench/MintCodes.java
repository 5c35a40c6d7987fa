import dev.signet.server.oauth.AuthorizationCodes;
import dev.signet.server.oauth.StoredAuthorizationCodes;
import dev.signet.server.store.Database;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

/**
 * Authorization codes for refresh-load.sh when the sign-in pages are not there to hand them out: it
 * opens the server's store and issues codes through the server's own {@link StoredAuthorizationCodes}
 * for an existing user, as a completed sign-in would, each with a fresh PKCE pair and a session
 * of its own. The caller redeems them at the token endpoint, so every refresh-token family is
 * started by the real authorization-code grant. Runs with the server jar on the class path:
 *
 *   java -cp signet.jar MintCodes.java JDBC_URL TENANT CLIENT_ID USERNAME REDIRECT_URI SCOPE N
 *
 * Prints N lines `CODE VERIFIER`. Codes live 60 s: redeem them at once.
 */
public final class MintCodes {

    private MintCodes() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 7) {
            System.err.println("usage: MintCodes.java JDBC_URL TENANT CLIENT_ID USERNAME REDIRECT_URI SCOPE N");
            System.exit(2);
        }
        String tenant = args[1];
        String clientId = args[2];
        String username = args[3];
        String redirectUri = args[4];
        List<String> scopes = List.of(args[5].split(" "));
        int n = Integer.parseInt(args[6]);
        SecureRandom random = new SecureRandom();
        Database db = Database.open(args[0], null, null, 2);
        try {
            String userId = db.jdbi()
                    .withHandle(h -> h.createQuery("SELECT user_id FROM users WHERE tenant = :t AND username = :u")
                            .bind("t", tenant)
                            .bind("u", username)
                            .mapTo(String.class)
                            .findOne())
                    .orElseThrow(() -> new IllegalStateException("no user " + username + " in tenant " + tenant));
            StoredAuthorizationCodes codes = new StoredAuthorizationCodes(db, Clock.systemUTC());
            StringBuilder out = new StringBuilder();
            for (int i = 0; i < n; i++) {
                byte[] v = new byte[32];
                random.nextBytes(v);
                String verifier = Base64.getUrlEncoder().withoutPadding().encodeToString(v);
                String challenge = Base64.getUrlEncoder()
                        .withoutPadding()
                        .encodeToString(MessageDigest.getInstance("SHA-256")
                                .digest(verifier.getBytes(StandardCharsets.US_ASCII)));
                byte[] s = new byte[16];
                random.nextBytes(s);
                String sid = Base64.getUrlEncoder().withoutPadding().encodeToString(s);
                String code = codes.issue(new AuthorizationCodes.Grant(
                        tenant,
                        clientId,
                        userId,
                        sid,
                        redirectUri,
                        challenge,
                        scopes,
                        null,
                        Instant.now(),
                        "urn:signet:acr:pwd",
                        List.of("pwd")));
                out.append(code).append(' ').append(verifier).append('\n');
            }
            System.out.print(out);
        } finally {
            db.close();
        }
    }
}
