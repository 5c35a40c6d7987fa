package dev.signet.server;

import dev.signet.server.identity.PasswordSignIn;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The server's Prometheus metrics: tokens issued, client authentication failures, introspection
 * answers, request latency, signing-key age and the crypto provider. Labels never hold client ids
 * or token data: their number stays bounded by tenants, routes and fixed values.
 */
public final class Metrics {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    /**
     * Meters already registered, by their label values: registering looks the meter up by its full
     * id (name and sorted tags) on every call, which showed in profiles of the token endpoint. The
     * keys are bounded like the labels are.
     */
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();

    private final Map<String, Timer> timers = new ConcurrentHashMap<>();

    /**
     * The request methods that are their own label value; any other becomes {@link #OTHER_METHOD}. A
     * method name is the client's to choose: as a label, 3,000 made-up ones made 3,000 latency
     * histograms, and every scrape ran out of memory.
     */
    static final Set<String> KNOWN_METHODS =
            Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH");

    static final String OTHER_METHOD = "OTHER";

    public Metrics(String cryptoProvider) {
        Gauge.builder("signet.crypto.provider", () -> 1)
                .tag("provider", cryptoProvider)
                .description("The crypto provider in use (value always 1)")
                .register(registry);
    }

    public void tokenIssued(String tenant, String grant, String format) {
        counters.computeIfAbsent(
                        "issued\n" + tenant + "\n" + grant + "\n" + format,
                        k -> Counter.builder("signet.tokens.issued")
                                .tag("tenant", tenant)
                                .tag("grant", grant)
                                .tag("format", format)
                                .description("Access tokens issued")
                                .register(registry))
                .increment();
    }

    public void clientAuthenticationFailed(String tenant, String method) {
        counters.computeIfAbsent(
                        "failed\n" + tenant + "\n" + method,
                        k -> Counter.builder("signet.client.authentication.failures")
                                .tag("tenant", tenant)
                                .tag("method", method)
                                .description("Failed client authentications")
                                .register(registry))
                .increment();
    }

    /** A client authentication answered 429: too many failures for the client or from the address. */
    public void clientAuthenticationThrottled(String tenant) {
        counters.computeIfAbsent(
                        "throttled\n" + tenant,
                        k -> Counter.builder("signet.client.authentication.throttled")
                                .tag("tenant", tenant)
                                .description("Client authentications answered 429 after too many failures")
                                .register(registry))
                .increment();
    }

    /** A consumed refresh token was presented again (possible theft): {@code signet_refresh_tokens_reused_total}. */
    public void refreshTokenReused(String tenant) {
        counters.computeIfAbsent(
                        "refresh-reused\n" + tenant,
                        k -> Counter.builder("signet.refresh.tokens.reused")
                                .tag("tenant", tenant)
                                .description("Consumed refresh tokens presented again; each revoked its family")
                                .register(registry))
                .increment();
    }

    /** A password sign-in's outcome: accepted, password_change_required, refused or throttled. */
    public void userSignIn(String tenant, PasswordSignIn.Outcome outcome) {
        String o = outcome.name().toLowerCase(java.util.Locale.ROOT);
        counters.computeIfAbsent(
                        "signin\n" + tenant + "\n" + o,
                        k -> Counter.builder("signet.user.sign_ins")
                                .tag("tenant", tenant)
                                .tag("outcome", o)
                                .description("Password sign-ins by outcome")
                                .register(registry))
                .increment();
    }

    public void introspected(String tenant, boolean active) {
        counters.computeIfAbsent(
                        "introspected\n" + tenant + "\n" + active,
                        k -> Counter.builder("signet.introspections")
                                .tag("tenant", tenant)
                                .tag("active", Boolean.toString(active))
                                .description("Introspection answers")
                                .register(registry))
                .increment();
    }

    /**
     * One HTTP request: its route template (not its path: paths are unbounded), method (one of
     * {@link #KNOWN_METHODS}, else {@code OTHER}) and status.
     */
    public void request(String route, String method, int status, Duration took) {
        String m = KNOWN_METHODS.contains(method) ? method : OTHER_METHOD;
        timers.computeIfAbsent(
                        route + "\n" + m + "\n" + status,
                        k -> Timer.builder("signet.http.server.requests")
                                .tag("route", route)
                                .tag("method", m)
                                .tag("status", Integer.toString(status))
                                .publishPercentileHistogram()
                                .description("HTTP request latency")
                                .register(registry))
                .record(took);
    }

    /** Publishes the age of a tenant's active signing key, read when scraped. */
    public void keyAge(String tenant, Supplier<Number> seconds) {
        Gauge.builder("signet.signing.key.age", seconds)
                .tag("tenant", tenant)
                .baseUnit("seconds")
                .description("Age of the tenant's active signing key")
                .register(registry);
    }

    /** The Prometheus text exposition. */
    public String scrape() {
        return registry.scrape();
    }
}
