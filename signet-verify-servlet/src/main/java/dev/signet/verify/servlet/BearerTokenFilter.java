package dev.signet.verify.servlet;

import dev.signet.verify.Principal;
import dev.signet.verify.ProtectedResource;
import dev.signet.verify.Requirement;
import dev.signet.verify.ResourceGuard;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * A Jakarta Servlet filter that lets a request through only with a bearer token its
 * {@link ResourceGuard} accepts and that meets the route's {@link Requirement}:
 *
 * <pre>{@code
 * BearerTokenFilter filter = BearerTokenFilter.builder(ResourceGuard.of(verifier, resource))
 *     .requirements(req -> req.getMethod().equals("GET")
 *         ? Requirement.builder().scopes("orders.read").build()
 *         : Requirement.builder().scopes("orders.write").build())
 *     .build();
 * }</pre>
 *
 * <p>An accepted request goes on with the {@link Principal} as the request attribute
 * {@link #PRINCIPAL} ({@link #principal(HttpServletRequest)} reads it), as
 * {@code getUserPrincipal()} (named by the subject) and with {@code getAuthType()} {@code Bearer}.
 * A refused one is answered here: 400, 401 or 403 with its {@code WWW-Authenticate} challenge and
 * {@code Cache-Control: no-store}, and nothing behind the filter runs. A {@code GET} of the
 * resource's metadata path is answered with its RFC 9728 document, without a token.
 */
public final class BearerTokenFilter implements Filter {

    /** The request attribute holding the {@link Principal} of an accepted request. */
    public static final String PRINCIPAL = Principal.class.getName();

    private final ResourceGuard guard;
    private final Function<HttpServletRequest, Requirement> requirements;
    private final byte[] metadata;

    private BearerTokenFilter(Builder b) {
        this.guard = b.guard;
        this.requirements = b.requirements;
        this.metadata = guard.resource().metadataJson().getBytes(StandardCharsets.UTF_8);
    }

    public static Builder builder(ResourceGuard guard) {
        return new Builder(guard);
    }

    /** The principal of a request this filter accepted, or null when it did not pass through it. */
    public static Principal principal(HttpServletRequest request) {
        return request.getAttribute(PRINCIPAL) instanceof Principal p ? p : null;
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
            throws IOException, ServletException {
        if (!(req instanceof HttpServletRequest request) || !(res instanceof HttpServletResponse response)) {
            throw new ServletException("BearerTokenFilter serves HTTP requests only");
        }
        ProtectedResource resource = guard.resource();
        if (request.getRequestURI().equals(resource.metadataPath())
                && (request.getMethod().equals("GET") || request.getMethod().equals("HEAD"))) {
            response.setStatus(200);
            response.setContentType("application/json");
            response.setHeader("Cache-Control", "max-age=3600");
            response.setContentLength(metadata.length);
            if (request.getMethod().equals("GET")) {
                response.getOutputStream().write(metadata);
            }
            return;
        }
        List<String> authorization = request.getHeaders("Authorization") == null
                ? List.of()
                : Collections.list(request.getHeaders("Authorization"));
        Requirement requirement = Objects.requireNonNull(requirements.apply(request), "requirement");
        ResourceGuard.Result result = guard.check(new ArrayList<>(authorization), requirement);
        if (!result.allowed()) {
            response.setStatus(result.challenge().status());
            response.setHeader("WWW-Authenticate", result.challenge().wwwAuthenticate());
            response.setHeader("Cache-Control", "no-store");
            response.setContentLength(0);
            return;
        }
        request.setAttribute(PRINCIPAL, result.principal());
        chain.doFilter(new Authenticated(request, result.principal()), response);
    }

    /** The request as the application sees it once accepted. */
    private static final class Authenticated extends HttpServletRequestWrapper {
        private final Principal principal;

        Authenticated(HttpServletRequest request, Principal principal) {
            super(request);
            this.principal = principal;
        }

        @Override
        public java.security.Principal getUserPrincipal() {
            String name = principal.subject();
            return () -> name;
        }

        @Override
        public String getRemoteUser() {
            return principal.subject();
        }

        @Override
        public String getAuthType() {
            return "Bearer";
        }

        @Override
        public boolean isUserInRole(String role) {
            return false;
        }
    }

    /** Settings of a {@link BearerTokenFilter}. */
    public static final class Builder {
        private final ResourceGuard guard;
        private Function<HttpServletRequest, Requirement> requirements = r -> Requirement.VALID_TOKEN;

        private Builder(ResourceGuard guard) {
            this.guard = Objects.requireNonNull(guard, "guard");
        }

        /** The requirement of each request (default: any valid token). It may read the path, e.g. a tenant in it. */
        public Builder requirements(Function<HttpServletRequest, Requirement> requirements) {
            this.requirements = Objects.requireNonNull(requirements, "requirements");
            return this;
        }

        public BearerTokenFilter build() {
            return new BearerTokenFilter(this);
        }
    }
}
