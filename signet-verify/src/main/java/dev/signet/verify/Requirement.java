package dev.signet.verify;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What one route or operation demands of a verified token, beyond its validity: scopes, claim
 * values (e.g. {@code org_id} equal to the tenant in the path) and step-up (RFC 9470: a recent
 * enough sign-in, one of the {@code acr} values). {@link #check} runs them in that order and the
 * first failure answers.
 *
 * <pre>{@code
 * Requirement writeOrders = Requirement.builder()
 *     .scopes("orders.write")
 *     .acr("urn:signet:acr:mfa")
 *     .maxAge(Duration.ofMinutes(10))
 *     .build();
 * }</pre>
 */
public final class Requirement {

    /** The requirement of a route that needs a valid token and nothing more. */
    public static final Requirement VALID_TOKEN = builder().build();

    private final List<String> scopes;
    private final Map<String, String> claims;
    private final List<String> acr;
    private final Duration maxAge;

    private Requirement(Builder b) {
        this.scopes = List.copyOf(b.scopes);
        this.claims = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(b.claims));
        this.acr = List.copyOf(b.acr);
        this.maxAge = b.maxAge;
    }

    public static Builder builder() {
        return new Builder();
    }

    public List<String> scopes() {
        return scopes;
    }

    public Map<String, String> claims() {
        return claims;
    }

    public List<String> acr() {
        return acr;
    }

    /** The longest time since {@code auth_time} accepted, or null for any. */
    public Duration maxAge() {
        return maxAge;
    }

    /**
     * The first demand {@code p} does not meet at {@code now}, or empty when it meets them all.
     * A claim compared must be a string (or a number, compared by its decimal form) equal to the value.
     */
    public Optional<Denial> check(Principal p, Instant now) {
        List<String> missing = new ArrayList<>();
        for (String s : scopes) {
            if (!p.hasScope(s)) {
                missing.add(s);
            }
        }
        if (!missing.isEmpty()) {
            return Optional.of(new Denial(
                    Denial.Kind.INSUFFICIENT_SCOPE, "the token lacks scope " + String.join(" ", missing), this));
        }
        for (Map.Entry<String, String> c : claims.entrySet()) {
            Object v = p.claims().get(c.getKey());
            String actual = v instanceof String s ? s : v instanceof Number n ? n.toString() : null;
            if (!c.getValue().equals(actual)) {
                return Optional.of(new Denial(
                        Denial.Kind.CLAIM_MISMATCH, "the token's " + c.getKey() + " does not allow this", this));
            }
        }
        if (!acr.isEmpty() && (p.acr() == null || !acr.contains(p.acr()))) {
            return Optional.of(new Denial(Denial.Kind.STEP_UP, "a stronger sign-in is required", this));
        }
        if (maxAge != null && (p.authTime() == null || p.authTime().plus(maxAge).isBefore(now))) {
            return Optional.of(new Denial(Denial.Kind.STEP_UP, "a more recent sign-in is required", this));
        }
        return Optional.empty();
    }

    /**
     * Why a valid token was refused, with the requirement it failed (a challenge names what is needed).
     *
     * @param message one line that may be shown to the caller; it never holds claim values
     */
    public record Denial(Kind kind, String message, Requirement requirement) {

        /** The kinds of refusal, each with its standard answer ({@link Challenge}). */
        public enum Kind {
            /** 403 {@code insufficient_scope} with the scopes needed (RFC 6750 §3.1). */
            INSUFFICIENT_SCOPE,
            /** 403: a claim does not have the value this route needs. */
            CLAIM_MISMATCH,
            /** 401 {@code insufficient_user_authentication} with {@code acr_values}/{@code max_age} (RFC 9470). */
            STEP_UP
        }
    }

    /** Demands of a route; each is optional. */
    public static final class Builder {
        private final List<String> scopes = new ArrayList<>();
        private final Map<String, String> claims = new LinkedHashMap<>();
        private final List<String> acr = new ArrayList<>();
        private Duration maxAge;

        private Builder() {}

        public Builder scopes(String... scopes) {
            return scopes(List.of(scopes));
        }

        /** Every one of these scopes is required. */
        public Builder scopes(Collection<String> scopes) {
            for (String s : scopes) {
                if (s == null || s.isEmpty() || s.contains(" ") || s.contains("\"") || s.contains("\\")) {
                    throw new IllegalArgumentException("'" + s + "' is not a scope token (RFC 6749 §3.3)");
                }
                this.scopes.add(s);
            }
            return this;
        }

        /** Claim {@code name} must equal {@code value}. */
        public Builder claimEquals(String name, String value) {
            claims.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
            return this;
        }

        public Builder acr(String... values) {
            return acr(List.of(values));
        }

        /** The token's {@code acr} must be one of these. */
        public Builder acr(Collection<String> values) {
            for (String v : values) {
                if (v == null || v.isEmpty() || v.contains(" ") || v.contains("\"") || v.contains("\\")) {
                    throw new IllegalArgumentException("'" + v + "' is not an acr value");
                }
                acr.add(v);
            }
            return this;
        }

        /** The sign-in ({@code auth_time}) must be at most this old; 1 s or more. */
        public Builder maxAge(Duration maxAge) {
            if (maxAge.compareTo(Duration.ofSeconds(1)) < 0) {
                throw new IllegalArgumentException("maxAge must be at least 1 s, not " + maxAge);
            }
            this.maxAge = maxAge;
            return this;
        }

        public Requirement build() {
            return new Requirement(this);
        }
    }
}
