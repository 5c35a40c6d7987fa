package dev.signet.examples.orders;

import dev.signet.verify.Issuer;
import dev.signet.verify.Principal;
import dev.signet.verify.ProtectedResource;
import dev.signet.verify.Requirement;
import dev.signet.verify.ResourceGuard;
import dev.signet.verify.TokenVerifier;
import dev.signet.verify.javalin.BearerTokenHandler;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * A small API protected by signet-verify-javalin: {@code GET /orders} needs the scope
 * {@code orders.read}, {@code POST /orders} needs {@code orders.write}. Behind a gateway it also
 * answers {@code GET /whoami} and {@code GET /public/...} with the identity headers the gateway set
 * ({@code X-Auth-*}); it checks no token on those two, the gateway does.
 *
 * <p>Settings from the environment: {@code ORDERS_ISSUER} (required), {@code ORDERS_AUDIENCE}
 * (default {@code orders-api}), {@code ORDERS_PORT} (default 7070), {@code ORDERS_RESOURCE} (the
 * API's public URL, default {@code http://127.0.0.1:<port>}).
 */
public final class OrdersApi implements AutoCloseable {

    private final Javalin app;
    private final List<Map<String, Object>> orders = new CopyOnWriteArrayList<>();
    private final AtomicLong ids = new AtomicLong();

    private OrdersApi(Javalin app) {
        this.app = app;
    }

    /**
     * Starts the API on {@code 127.0.0.1:port} (0 for any free port), trusting {@code issuer}'s
     * tokens for {@code audience}.
     */
    public static OrdersApi start(String issuer, String audience, int port, String resource) {
        TokenVerifier verifier = TokenVerifier.builder()
                .issuer(Issuer.builder(issuer).audiences(audience).build())
                .cache(10_000)
                .build();
        ProtectedResource pr = ProtectedResource.builder(resource + "/orders")
                .authorizationServer(issuer)
                .scopes("orders.read", "orders.write")
                .name("Orders API")
                .build();
        Function<Context, Requirement> requirements = ctx -> Requirement.builder()
                .scopes(ctx.method().equals(HandlerType.GET) ? "orders.read" : "orders.write")
                .build();
        BearerTokenHandler bearer = BearerTokenHandler.builder(ResourceGuard.of(verifier, pr))
                .requirements(requirements)
                .build();
        OrdersApi[] self = new OrdersApi[1];
        Javalin app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.jetty.host = "127.0.0.1";
            config.jetty.port = port;
            bearer.install(config, "/orders");
            config.routes.get(
                    "/orders", ctx -> ctx.contentType("application/json").result(json(self[0].orders)));
            config.routes.post("/orders", ctx -> self[0].create(ctx));
            config.routes.get("/whoami", OrdersApi::whoami);
            config.routes.get("/public/*", OrdersApi::whoami);
        });
        self[0] = new OrdersApi(app);
        app.start();
        return self[0];
    }

    private void create(Context ctx) {
        Principal who = BearerTokenHandler.principal(ctx);
        Map<String, Object> order = new LinkedHashMap<>();
        order.put("id", ids.incrementAndGet());
        order.put("by", who.subject());
        order.put("item", ctx.body());
        orders.add(order);
        ctx.status(201).contentType("application/json").result(json(order));
    }

    /** The identity headers a gateway set (X-Auth-*), as JSON: what an internal service behind it sees. */
    private static void whoami(Context ctx) {
        Map<String, List<String>> seen = new LinkedHashMap<>();
        for (String name : ctx.headerMap().keySet()) {
            if (name.regionMatches(true, 0, "X-Auth-", 0, 7)) {
                seen.put(
                        name.toLowerCase(java.util.Locale.ROOT),
                        java.util.Collections.list(ctx.req().getHeaders(name)));
            }
        }
        ctx.contentType("application/json").result(json(seen));
    }

    /** JSON of strings, numbers, lists and maps (the API's answers hold nothing else). */
    static String json(Object v) {
        StringBuilder b = new StringBuilder();
        write(b, v);
        return b.toString();
    }

    private static void write(StringBuilder b, Object v) {
        if (v instanceof Map<?, ?> m) {
            b.append('{');
            String sep = "";
            for (Map.Entry<?, ?> e : m.entrySet()) {
                b.append(sep);
                write(b, String.valueOf(e.getKey()));
                b.append(':');
                write(b, e.getValue());
                sep = ",";
            }
            b.append('}');
        } else if (v instanceof List<?> l) {
            b.append('[');
            String sep = "";
            for (Object o : l) {
                b.append(sep);
                write(b, o);
                sep = ",";
            }
            b.append(']');
        } else if (v instanceof Number n) {
            b.append(n);
        } else if (v == null) {
            b.append("null");
        } else {
            b.append('"');
            for (char c : v.toString().toCharArray()) {
                if (c == '"' || c == '\\') {
                    b.append('\\').append(c);
                } else if (c < 0x20) {
                    b.append(String.format(java.util.Locale.ROOT, "\\u%04x", (int) c));
                } else {
                    b.append(c);
                }
            }
            b.append('"');
        }
    }

    public int port() {
        return app.port();
    }

    @Override
    public void close() {
        app.stop();
    }

    public static void main(String[] args) {
        String issuer = System.getenv("ORDERS_ISSUER");
        if (issuer == null || issuer.isBlank()) {
            System.err.println("orders-api: set ORDERS_ISSUER to the issuer whose tokens this API accepts");
            System.exit(2);
        }
        String audience = env("ORDERS_AUDIENCE", "orders-api");
        int port = Integer.parseInt(env("ORDERS_PORT", "7070"));
        String resource = env("ORDERS_RESOURCE", "http://127.0.0.1:" + port);
        OrdersApi api = start(issuer, audience, port, resource);
        Runtime.getRuntime().addShutdownHook(new Thread(api::close, "orders-api-shutdown"));
        System.out.printf("orders-api on http://127.0.0.1:%d (issuer %s, audience %s)%n", api.port(), issuer, audience);
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }
}
