package dev.signet.verify;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * The check an API runs on each request, framework-neutral: read the bearer token from the
 * {@code Authorization} header (RFC 6750 §2.1), verify it, hold it to the route's
 * {@link Requirement}, and either hand back the {@link Principal} or the standard answer
 * ({@link Challenge}) pointing at the resource's metadata. The Servlet, Javalin and Spring adapters
 * and {@code signet edge} are thin layers over this class.
 *
 * <ul>
 *   <li>No {@code Authorization} header, or one with another scheme: 401 with a bare challenge.
 *   <li>More than one {@code Authorization} header, or a {@code Bearer} value that is not a
 *       token68: 400 {@code invalid_request}.
 *   <li>A token the verifier refuses: 401 {@code invalid_token}.
 *   <li>A valid token that does not meet the requirement: 403 or 401 as {@link Challenge} says.
 * </ul>
 */
public final class ResourceGuard {

    /** What became of one request: a principal, or a challenge to answer with. */
    public record Result(Principal principal, Challenge challenge, TokenRejected rejection) {

        public boolean allowed() {
            return principal != null;
        }
    }

    /** Verifies a token: a {@link TokenVerifier}, an {@link Introspector}, or both in turn. */
    @FunctionalInterface
    public interface Check {
        Principal verify(String token) throws TokenRejected;
    }

    private final Check check;
    private final ProtectedResource resource;
    private final String realm;
    private final Clock clock;

    private ResourceGuard(Check check, ProtectedResource resource, String realm, Clock clock) {
        this.check = check;
        this.resource = resource;
        this.realm = realm;
        this.clock = clock;
    }

    /** A guard verifying with {@code verifier} for {@code resource}; its realm is the resource identifier. */
    public static ResourceGuard of(TokenVerifier verifier, ProtectedResource resource) {
        return of(verifier::verify, resource, resource.resource(), Clock.systemUTC());
    }

    /**
     * A guard verifying with {@code check}, e.g. an {@link Introspector} for a route that must see a
     * revocation at once.
     *
     * @param realm the challenges' {@code realm}, or null for none
     * @param clock the clock step-up requirements ({@code max_age}) are checked on
     */
    public static ResourceGuard of(Check check, ProtectedResource resource, String realm, Clock clock) {
        return new ResourceGuard(
                Objects.requireNonNull(check, "check"),
                Objects.requireNonNull(resource, "resource"),
                realm,
                Objects.requireNonNull(clock, "clock"));
    }

    public ProtectedResource resource() {
        return resource;
    }

    /**
     * Checks one request.
     *
     * @param authorization every {@code Authorization} header of the request (empty when it has none)
     */
    public Result check(List<String> authorization, Requirement requirement) {
        if (authorization.isEmpty()) {
            return challenge(Challenge.noToken(realm, resource.metadataUrl()));
        }
        if (authorization.size() > 1) {
            return challenge(
                    Challenge.invalidRequest(realm, resource.metadataUrl(), "more than one Authorization header"));
        }
        String value = authorization.get(0).strip();
        int space = value.indexOf(' ');
        String scheme = space < 0 ? value : value.substring(0, space);
        if (!scheme.toLowerCase(Locale.ROOT).equals("bearer")) {
            return challenge(Challenge.noToken(realm, resource.metadataUrl()));
        }
        String token = space < 0 ? "" : value.substring(space + 1).strip();
        if (!isToken68(token)) {
            return challenge(
                    Challenge.invalidRequest(realm, resource.metadataUrl(), "the Bearer credentials are not a token"));
        }
        Principal p;
        try {
            p = check.verify(token);
        } catch (TokenRejected e) {
            return new Result(null, Challenge.invalidToken(realm, resource.metadataUrl(), e), e);
        }
        Instant now = clock.instant();
        Optional<Requirement.Denial> denial = requirement.check(p, now);
        if (denial.isPresent()) {
            return challenge(Challenge.denied(realm, resource.metadataUrl(), denial.get()));
        }
        return new Result(p, null, null);
    }

    private static Result challenge(Challenge c) {
        return new Result(null, c, null);
    }

    /**
     * Whether {@code s} has the shape of Bearer credentials, RFC 6750 §2.1:
     * {@code 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"="}.
     */
    public static boolean isToken68(String s) {
        int n = s.length();
        int end = n;
        while (end > 0 && s.charAt(end - 1) == '=') {
            end--;
        }
        if (end == 0) {
            return false;
        }
        for (int i = 0; i < end; i++) {
            char c = s.charAt(i);
            boolean ok = (c >= 'A' && c <= 'Z')
                    || (c >= 'a' && c <= 'z')
                    || (c >= '0' && c <= '9')
                    || c == '-'
                    || c == '.'
                    || c == '_'
                    || c == '~'
                    || c == '+'
                    || c == '/';
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
