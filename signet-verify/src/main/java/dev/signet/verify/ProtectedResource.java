package dev.signet.verify;

import dev.signet.jose.JwtClaims;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * What an API says about itself in its OAuth 2.0 Protected Resource Metadata (RFC 9728): its
 * resource identifier, the authorization servers whose tokens it accepts, the scopes it knows and
 * that it takes bearer tokens in the {@code Authorization} header only.
 *
 * <p>The document lives at the resource identifier with {@code /.well-known/oauth-protected-resource}
 * inserted between host and path ({@link #metadataUrl()}, {@link #metadataPath()}); the challenges
 * of a {@link ResourceGuard} point there in {@code resource_metadata}.
 */
public final class ProtectedResource {

    /** The well-known suffix of RFC 9728 §3. */
    public static final String WELL_KNOWN = "/.well-known/oauth-protected-resource";

    private final String resource;
    private final List<String> authorizationServers;
    private final List<String> scopes;
    private final String name;
    private final String metadataUrl;
    private final String metadataPath;
    private final String json;

    private ProtectedResource(Builder b) {
        this.resource = b.resource;
        this.authorizationServers = List.copyOf(b.authorizationServers);
        this.scopes = List.copyOf(b.scopes);
        this.name = b.name;
        URI u = URI.create(resource);
        String path = u.getRawPath() == null || u.getRawPath().equals("/") ? "" : u.getRawPath();
        this.metadataPath = WELL_KNOWN + path;
        this.metadataUrl = u.getScheme() + "://" + u.getRawAuthority() + metadataPath;
        JwtClaims.Builder doc = JwtClaims.builder().claim("resource", resource);
        if (!authorizationServers.isEmpty()) {
            doc.claim("authorization_servers", authorizationServers);
        }
        if (!scopes.isEmpty()) {
            doc.claim("scopes_supported", scopes);
        }
        doc.claim("bearer_methods_supported", List.of("header"));
        if (name != null) {
            doc.claim("resource_name", name);
        }
        this.json = doc.build().toJson();
    }

    /**
     * A resource identified by {@code resource}: an absolute {@code https} URL (plain {@code http}
     * only on a loopback host) without query or fragment (RFC 9728 §1.2).
     */
    public static Builder builder(String resource) {
        return new Builder(resource);
    }

    public String resource() {
        return resource;
    }

    public List<String> authorizationServers() {
        return authorizationServers;
    }

    /** Where the metadata document is served, as an absolute URL (the challenges' {@code resource_metadata}). */
    public String metadataUrl() {
        return metadataUrl;
    }

    /** The path part of {@link #metadataUrl()}, for routing. */
    public String metadataPath() {
        return metadataPath;
    }

    /** The metadata document, as JSON ({@code application/json}). */
    public String metadataJson() {
        return json;
    }

    /** Settings of a {@link ProtectedResource}. */
    public static final class Builder {
        private final String resource;
        private final List<String> authorizationServers = new ArrayList<>();
        private final List<String> scopes = new ArrayList<>();
        private String name;

        private Builder(String resource) {
            this.resource = checked(Objects.requireNonNull(resource, "resource"));
        }

        /** An issuer whose tokens this resource accepts (listed in {@code authorization_servers}). */
        public Builder authorizationServer(String issuer) {
            authorizationServers.add(Objects.requireNonNull(issuer, "issuer"));
            return this;
        }

        /** Scopes this resource knows ({@code scopes_supported}). */
        public Builder scopes(String... scopes) {
            this.scopes.addAll(List.of(scopes));
            return this;
        }

        /** A name for people ({@code resource_name}). */
        public Builder name(String name) {
            this.name = name;
            return this;
        }

        public ProtectedResource build() {
            return new ProtectedResource(this);
        }

        private static String checked(String resource) {
            URI u;
            try {
                u = new URI(resource);
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException("resource is not a URL: " + resource, e);
            }
            String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
            if (!u.isAbsolute() || u.getHost() == null || u.getRawQuery() != null || u.getRawFragment() != null) {
                throw new IllegalArgumentException(
                        "resource must be an absolute URL without query or fragment: " + resource);
            }
            boolean loopback = u.getHost().equals("localhost")
                    || u.getHost().startsWith("127.")
                    || u.getHost().equals("[::1]");
            if (!scheme.equals("https") && !(scheme.equals("http") && loopback)) {
                throw new IllegalArgumentException("resource must be https (http only on loopback): " + resource);
            }
            return resource;
        }
    }
}
