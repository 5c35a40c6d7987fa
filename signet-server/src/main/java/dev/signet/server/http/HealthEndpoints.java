package dev.signet.server.http;

import dev.signet.server.keys.SigningKeyRing;
import dev.signet.server.store.Database;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code /healthz} (the process answers) and {@code /readyz} (database reachable, every tenant's signing key loaded).
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
        boolean database = db.reachable();
        boolean keysLoaded = database && keys.ready();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", database && keysLoaded ? "ready" : "not ready");
        body.put("database", database ? db.product() + " reachable" : "unreachable");
        body.put("keys", keysLoaded ? "loaded" : "not loaded");
        body.put("crypto_provider", cryptoProvider);
        Responses.noStore(ctx);
        Responses.json(ctx, database && keysLoaded ? 200 : 503, body);
    }
}
