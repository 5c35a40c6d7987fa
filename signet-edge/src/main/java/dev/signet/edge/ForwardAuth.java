package dev.signet.edge;

import dev.signet.jose.Base64Url;
import dev.signet.jose.JoseException;
import dev.signet.jose.JwtClaims;
import dev.signet.verify.Challenge;
import dev.signet.verify.Principal;
import dev.signet.verify.ProtectedResource;
import dev.signet.verify.Requirement;
import dev.signet.verify.ResourceGuard;
import dev.signet.verify.TokenRejected;
import dev.signet.verify.TokenVerifier;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The edge's decision, framework-neutral: the original method and path, and the
 * {@code Authorization} headers, in; 200 with the identity, or 401/403 with the standard challenge,
 * out.
 *
 * <p>In this order, the first failure answers: the path ({@link PathNormalizer}; refused: 403), the
 * route (first match; none: 403 with a token, 401 without), for an anonymous route 200 without
 * identity, else the token's validity (401 {@code invalid_token}; credentials that cannot be read
 * are {@code invalid_token} too, never 400), scopes (403), claims (403), step-up (401
 * {@code insufficient_user_authentication}).
 */
public final class ForwardAuth {

    /** The challenge's {@code WWW-Authenticate}. */
    public static final String WWW_AUTHENTICATE = "WWW-Authenticate";

    private final TokenVerifier verifier;
    private final ProtectedResource resource;
    private final List<EdgeConfig.Route> routes;
    private final Map<String, String> forward;
    private final Set<String> issuers;
    private final Clock clock;

    public ForwardAuth(
            TokenVerifier verifier,
            ProtectedResource resource,
            List<EdgeConfig.Route> routes,
            Map<String, String> forward,
            Clock clock) {
        this.verifier = verifier;
        this.resource = resource;
        this.routes = List.copyOf(routes);
        this.forward = new LinkedHashMap<>(forward);
        this.issuers = verifier.issuers();
        this.clock = clock;
    }

    /**
     * Decides on one original request.
     *
     * @param method the original method, or null when it cannot be known
     * @param target the original request target (path and query), or null when it cannot be known
     * @param authorization every {@code Authorization} header of the request
     */
    public Decision decide(String method, String target, List<String> authorization) {
        String realm = resource.resource();
        String metadata = resource.metadataUrl();
        if (method == null || target == null) {
            return new Decision(403, Map.of(), "none", Decision.Reason.NO_ORIGINAL_REQUEST);
        }
        Optional<String> path = PathNormalizer.normalize(target);
        if (path.isEmpty()) {
            return new Decision(403, Map.of(), "none", Decision.Reason.BAD_PATH);
        }
        EdgeConfig.Route route = null;
        for (EdgeConfig.Route r : routes) {
            if (r.matches(method, path.get())) {
                route = r;
                break;
            }
        }
        if (route != null && route.anonymous()) {
            return new Decision(200, Map.of(), "none", Decision.Reason.ANONYMOUS);
        }
        if (route == null) {
            if (authorization.isEmpty()) {
                return refuse(401, Challenge.noToken(realm, metadata), "none", Decision.Reason.NO_ROUTE);
            }
            return refuse(
                    403,
                    insufficientScope(realm, metadata, "no route allows this request"),
                    "none",
                    Decision.Reason.NO_ROUTE);
        }
        if (authorization.isEmpty()) {
            return refuse(401, Challenge.noToken(realm, metadata), "none", Decision.Reason.NO_TOKEN);
        }
        if (authorization.size() > 1) {
            return unreadable(realm, metadata, "more than one Authorization header");
        }
        String value = authorization.get(0).strip();
        int space = value.indexOf(' ');
        String scheme = space < 0 ? value : value.substring(0, space);
        if (!scheme.toLowerCase(Locale.ROOT).equals("bearer")) {
            return refuse(401, Challenge.noToken(realm, metadata), "none", Decision.Reason.NO_TOKEN);
        }
        String token = space < 0 ? "" : value.substring(space + 1).strip();
        if (!ResourceGuard.isToken68(token)) {
            return unreadable(realm, metadata, "the Bearer credentials are not a token");
        }
        Principal p;
        try {
            p = verifier.verify(token);
        } catch (TokenRejected e) {
            return refuse(401, Challenge.invalidToken(realm, metadata, e), issuerLabel(token), reason(e.reason()));
        } catch (RuntimeException e) {
            return refuse(
                    401, invalidToken(realm, metadata, "the token cannot be checked"), "none", Decision.Reason.ERROR);
        }
        Optional<Requirement.Denial> denial = route.requirement().check(p, clock.instant());
        if (denial.isPresent()) {
            Challenge c = Challenge.denied(realm, metadata, denial.get());
            Decision.Reason reason = switch (denial.get().kind()) {
                case INSUFFICIENT_SCOPE -> Decision.Reason.INSUFFICIENT_SCOPE;
                case CLAIM_MISMATCH -> Decision.Reason.CLAIM_MISMATCH;
                case STEP_UP -> Decision.Reason.STEP_UP;
            };
            return refuse(c.status(), c, p.issuer(), reason);
        }
        return new Decision(200, identity(p.claims()), p.issuer(), Decision.Reason.OK);
    }

    /**
     * The identity headers: each configured header carries its claim, a string as it is, an array
     * joined by spaces, a number or boolean in its JSON form. An absent claim, an object, or a value
     * holding characters outside printable ASCII sends no header.
     */
    Map<String, String> identity(JwtClaims claims) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, String> f : forward.entrySet()) {
            String v = headerValue(claims.get(f.getValue()));
            if (v != null) {
                out.put(f.getKey(), v);
            }
        }
        return out;
    }

    static String headerValue(Object claim) {
        String v;
        if (claim instanceof String s) {
            v = s;
        } else if (claim instanceof Number || claim instanceof Boolean) {
            v = claim.toString();
        } else if (claim instanceof List<?> list) {
            StringBuilder b = new StringBuilder();
            for (Object o : list) {
                if (!(o instanceof String) && !(o instanceof Number) && !(o instanceof Boolean)) {
                    return null;
                }
                if (b.length() > 0) {
                    b.append(' ');
                }
                b.append(o);
            }
            v = b.toString();
        } else {
            return null;
        }
        if (v.isEmpty() || v.length() > 4096) {
            return null;
        }
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c < 0x20 || c > 0x7e) {
                return null;
            }
        }
        return v;
    }

    /** The configured issuer a refused token names, for the metric label; never the token's own text. */
    private String issuerLabel(String token) {
        int d1 = token.indexOf('.');
        int d2 = d1 < 0 ? -1 : token.indexOf('.', d1 + 1);
        if (d1 < 0 || d2 < 0) {
            return "untrusted";
        }
        try {
            String iss = JwtClaims.parse(new String(Base64Url.decode(token, d1 + 1, d2), StandardCharsets.UTF_8))
                    .getString(JwtClaims.ISSUER);
            return iss != null && issuers.contains(iss) ? iss : "untrusted";
        } catch (JoseException | RuntimeException e) {
            return "untrusted";
        }
    }

    private static Decision refuse(int status, Challenge c, String issuer, Decision.Reason reason) {
        return new Decision(status, Map.of(WWW_AUTHENTICATE, c.wwwAuthenticate()), issuer, reason);
    }

    /** Credentials that cannot be read: 401 {@code invalid_token} (a gateway turns a 400 into a 500). */
    private static Decision unreadable(String realm, String metadata, String why) {
        return refuse(401, invalidToken(realm, metadata, why), "none", Decision.Reason.UNREADABLE);
    }

    private static Challenge invalidToken(String realm, String metadata, String why) {
        Challenge c = Challenge.invalidRequest(realm, metadata, why);
        return new Challenge(401, c.wwwAuthenticate().replace("error=\"invalid_request\"", "error=\"invalid_token\""));
    }

    private static Challenge insufficientScope(String realm, String metadata, String why) {
        Challenge c = Challenge.invalidRequest(realm, metadata, why);
        return new Challenge(
                403, c.wwwAuthenticate().replace("error=\"invalid_request\"", "error=\"insufficient_scope\""));
    }

    private static Decision.Reason reason(TokenRejected.Reason r) {
        for (Decision.Reason d : Decision.Reason.values()) {
            if (d.name().equals(r.name())) {
                return d;
            }
        }
        return Decision.Reason.INVALID;
    }
}
