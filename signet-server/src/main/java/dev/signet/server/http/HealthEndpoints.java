package dev.signet.server.http;

import dev.signet.server.keys.SigningKeyRing;
import dev.signet.server.store.Database;
import dev.signet.server.store.DatabaseHealth;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * {@code /healthz} (the process answers) and {@code /readyz} (database reachable, every tenant's
 * signing key loaded). Neither touches the database: readiness is read from the health state the
 * background check keeps fresh, so it answers at once during an outage too.
 */
final class HealthEndpoints {

    private final Database db;
    private final SigningKeyRing keys;
    private final String cryptoProvider;

    HealthEndpoints(Database db, SigningKeyRing keys, String cryptoProvider) {
        this.db = db;
        this.keys = keys;
        this.cryptoProvider = cryptoProvider;
    }

    void health(Context ctx) {
        Responses.noStore(ctx);
        Responses.json(ctx, 200, Map.of("status", "ok"));
    }

    void ready(Context ctx) {
        DatabaseHealth.Outage outage = db.health().outage();
        boolean database = outage == null;
        boolean keysLoaded = keys.ready();
        boolean ready = database && keysLoaded;
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", ready ? "ready" : "not ready");
        body.put(
                "database",
                database
                        ? db.product() + " reachable"
                        : "unreachable for " + String.format(Locale.ROOT, "%.1f", outage.seconds()) + " s");
        body.put("keys", keysLoaded ? "loaded" : "not loaded");
        body.put("crypto_provider", cryptoProvider);
        Responses.noStore(ctx);
        if (!ready) {
            ctx.header("Retry-After", Long.toString(HttpApi.RETRY_AFTER_SECONDS));
        }
        Responses.json(ctx, ready ? 200 : 503, body);
    }
}
