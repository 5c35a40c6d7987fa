package dev.signet.verify;

import dev.signet.jose.JwsAlgorithm;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * One issuer a {@link TokenVerifier} trusts, and what it expects of that issuer's tokens: where the
 * keys are (a JWK Set URL, or found through the issuer's metadata), the audiences of this API, the
 * algorithms allowed, the {@code typ} (default {@code at+jwt}, RFC 9068) and the clock skew (default
 * 60 s). Tokens of this issuer are only ever checked against this issuer's keys.
 *
 * <pre>{@code
 * Issuer auth = Issuer.builder("https://auth.example.com/tenants/default")
 *     .audiences("orders-api")
 *     .algorithms(JwsAlgorithm.ES256)
 *     .build();                      // keys: found through the issuer's metadata
 * }</pre>
 */
public final class Issuer {

    /** The {@code typ} an access token must carry unless configured otherwise (RFC 9068 §2.1). */
    public static final String DEFAULT_TYPE = "at+jwt";
    /** The default allowance for clocks that disagree, on {@code exp}, {@code nbf} and {@code iat}. */
    public static final Duration DEFAULT_CLOCK_SKEW = Duration.ofSeconds(60);

    private final String issuer;
    private final String jwksUri;
    private final String metadataUrl;
    private final List<String> audiences;
    private final List<JwsAlgorithm> algorithms;
    private final String type;
    private final Duration clockSkew;
    private final String tenant;

    private Issuer(Builder b) {
        this.issuer = b.issuer;
        this.jwksUri = b.jwksUri;
        this.metadataUrl = b.metadataUrl;
        this.audiences = List.copyOf(b.audiences);
        this.algorithms = List.copyOf(b.algorithms);
        this.type = b.type;
        this.clockSkew = b.clockSkew;
        this.tenant = b.tenant;
    }

    /** A builder for the issuer whose {@code iss} is exactly {@code issuer}. */
    public static Builder builder(String issuer) {
        return new Builder(issuer);
    }

    /** The exact {@code iss} value of this issuer's tokens. */
    public String issuer() {
        return issuer;
    }

    /** The configured JWK Set URL, or null when it is found through the issuer's metadata. */
    public String jwksUri() {
        return jwksUri;
    }

    /**
     * Where the issuer's metadata is read when no JWK Set URL is configured: the configured URL,
     * else {@code <issuer>/.well-known/openid-configuration} (OpenID Connect Discovery §4).
     */
    public String metadataUrl() {
        if (metadataUrl != null) {
            return metadataUrl;
        }
        return (issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer)
                + "/.well-known/openid-configuration";
    }

    /** The audiences a token must name one of. */
    public List<String> audiences() {
        return audiences;
    }

    /** The algorithms allowed; empty means those the metadata lists (and only asymmetric ones). */
    public List<JwsAlgorithm> algorithms() {
        return algorithms;
    }

    /** The {@code typ} a token must carry. */
    public String type() {
        return type;
    }

    public Duration clockSkew() {
        return clockSkew;
    }

    /** The tenant label the application gave this issuer ({@link Principal#tenant()}), or null. */
    public String tenant() {
        return tenant;
    }

    @Override
    public String toString() {
        return "Issuer[" + issuer + ", keys " + (jwksUri != null ? jwksUri : "from " + metadataUrl()) + ", audiences "
                + audiences + "]";
    }

    /** Settings of one issuer; the issuer and at least one audience are required. */
    public static final class Builder {
        private final String issuer;
        private String jwksUri;
        private String metadataUrl;
        private final List<String> audiences = new ArrayList<>();
        private final List<JwsAlgorithm> algorithms = new ArrayList<>();
        private String type = DEFAULT_TYPE;
        private Duration clockSkew = DEFAULT_CLOCK_SKEW;
        private String tenant;

        private Builder(String issuer) {
            Objects.requireNonNull(issuer, "issuer");
            if (issuer.isBlank()) {
                throw new IllegalArgumentException("the issuer must not be blank");
            }
            this.issuer = issuer;
        }

        /** The JWK Set URL, when it is not to be found through the issuer's metadata. */
        public Builder jwksUri(String url) {
            KeySetUrl.parse(url);
            this.jwksUri = url;
            return this;
        }

        /** Where the metadata is, when not at {@code <issuer>/.well-known/openid-configuration}. */
        public Builder metadataUrl(String url) {
            KeySetUrl.parse(url);
            this.metadataUrl = url;
            return this;
        }

        public Builder audiences(String... audiences) {
            return audiences(List.of(audiences));
        }

        public Builder audiences(Collection<String> audiences) {
            for (String a : audiences) {
                if (a == null || a.isEmpty()) {
                    throw new IllegalArgumentException("an audience must not be empty");
                }
                this.audiences.add(a);
            }
            return this;
        }

        public Builder algorithms(JwsAlgorithm... algorithms) {
            return algorithms(List.of(algorithms));
        }

        /** The algorithms allowed; symmetric ones (HS*) are refused: a remote issuer's keys are public. */
        public Builder algorithms(Collection<JwsAlgorithm> algorithms) {
            for (JwsAlgorithm a : algorithms) {
                if (a.identifier().startsWith("HS")) {
                    throw new IllegalArgumentException(a.identifier() + " is symmetric: an issuer's published"
                            + " keys are public, so anyone could sign with one; allow an asymmetric algorithm");
                }
                this.algorithms.add(a);
            }
            return this;
        }

        /** The {@code typ} required; default {@code at+jwt}. */
        public Builder type(String type) {
            this.type = Objects.requireNonNull(type, "type");
            return this;
        }

        /** 0 to 5 minutes; default 60 s. */
        public Builder clockSkew(Duration skew) {
            if (skew.isNegative() || skew.compareTo(Duration.ofMinutes(5)) > 0) {
                throw new IllegalArgumentException("clockSkew must be 0 to 5 minutes, not " + skew);
            }
            this.clockSkew = skew;
            return this;
        }

        /** A label for the application: which of its tenants this issuer serves ({@link Principal#tenant()}). */
        public Builder tenant(String tenant) {
            this.tenant = tenant;
            return this;
        }

        public Issuer build() {
            if (audiences.isEmpty()) {
                throw new IllegalArgumentException("issuer " + issuer + ": name at least one audience (this API's"
                        + " identifier): a token meant for another API must not be accepted here");
            }
            if (jwksUri == null) {
                KeySetUrl.parse(metadataUrl != null ? metadataUrl : issuer);
            }
            return new Issuer(this);
        }
    }
}
