package dev.signet.verify.javalin;

import dev.signet.verify.Principal;
import dev.signet.verify.Requirement;
import dev.signet.verify.ResourceGuard;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * A Javalin handler that lets a request reach its endpoint only with a bearer token its
 * {@link ResourceGuard} accepts and that meets the route's {@link Requirement}. Install it with
 * {@link #install}, which also serves the resource's RFC 9728 metadata:
 *
 * <pre>{@code
 * BearerTokenHandler bearer = BearerTokenHandler.builder(ResourceGuard.of(verifier, resource))
 *     .requirements(ctx -> Requirement.builder()
 *         .scopes(ctx.method().equals(HandlerType.GET) ? "orders.read" : "orders.write")
 *         .claimEquals("org_id", ctx.pathParam("org"))
 *         .build())
 *     .build();
 * Javalin.create(config -> {
 *     bearer.install(config, "/orgs/*");
 *     config.routes.get("/orgs/{org}/orders", ctx -> ctx.result(BearerTokenHandler.principal(ctx).subject()));
 * });
 * }</pre>
 *
 * <p>It runs as a {@code beforeMatched} handler, so path parameters are available to the
 * requirement. An accepted request goes on with the {@link Principal} as the attribute
 * {@link #PRINCIPAL}; a refused one is answered at once (400, 401 or 403 with its
 * {@code WWW-Authenticate} challenge and {@code Cache-Control: no-store}) and no other handler runs.
 */
public final class BearerTokenHandler implements Handler {

    /** The context attribute holding the {@link Principal} of an accepted request. */
    public static final String PRINCIPAL = Principal.class.getName();

    private final ResourceGuard guard;
    private final Function<Context, Requirement> requirements;
    private final byte[] metadata;

    private BearerTokenHandler(Builder b) {
        this.guard = b.guard;
        this.requirements = b.requirements;
        this.metadata = guard.resource().metadataJson().getBytes(StandardCharsets.UTF_8);
    }

    public static Builder builder(ResourceGuard guard) {
        return new Builder(guard);
    }

    /** The principal of a request this handler accepted, or null when it did not pass through it. */
    public static Principal principal(Context ctx) {
        return ctx.attribute(PRINCIPAL) instanceof Principal p ? p : null;
    }

    /**
     * Guards the matched routes under {@code path} (e.g. {@code /api/*}) and serves the metadata
     * document at the resource's metadata path.
     */
    public void install(JavalinConfig config, String path) {
        config.routes.get(guard.resource().metadataPath(), this::serveMetadata);
        config.routes.beforeMatched(path, this);
    }

    /** Answers the RFC 9728 metadata document (no token needed). */
    public void serveMetadata(Context ctx) {
        ctx.contentType("application/json");
        ctx.header("Cache-Control", "max-age=3600");
        ctx.result(metadata);
    }

    @Override
    public void handle(Context ctx) {
        if (ctx.path().equals(guard.resource().metadataPath())) {
            return;
        }
        List<String> authorization = Collections.list(ctx.req().getHeaders("Authorization"));
        Requirement requirement = Objects.requireNonNull(requirements.apply(ctx), "requirement");
        ResourceGuard.Result result = guard.check(authorization, requirement);
        if (!result.allowed()) {
            ctx.status(result.challenge().status());
            ctx.header("WWW-Authenticate", result.challenge().wwwAuthenticate());
            ctx.header("Cache-Control", "no-store");
            ctx.result("");
            ctx.skipRemainingHandlers();
            return;
        }
        ctx.attribute(PRINCIPAL, result.principal());
    }

    /** Settings of a {@link BearerTokenHandler}. */
    public static final class Builder {
        private final ResourceGuard guard;
        private Function<Context, Requirement> requirements = ctx -> Requirement.VALID_TOKEN;

        private Builder(ResourceGuard guard) {
            this.guard = Objects.requireNonNull(guard, "guard");
        }

        /** The requirement of each request (default: any valid token); path parameters are available. */
        public Builder requirements(Function<Context, Requirement> requirements) {
            this.requirements = Objects.requireNonNull(requirements, "requirements");
            return this;
        }

        public BearerTokenHandler build() {
            return new BearerTokenHandler(this);
        }
    }
}
