package dev.signet.server;

import dev.signet.server.identity.PasswordSignIn;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * The server's Prometheus metrics: tokens issued, client authentication failures, introspection
 * answers, request latency (a fixed set of buckets), signing-key age, the crypto provider, and the JVM's and
 * the process's own series. Labels never hold client ids
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

    /**
     * The request latency buckets: the boundaries an objective is written in (1 ms to 2.5 s), the
     * same for every route. Micrometer's percentile histogram published about 70 buckets per route,
     * method and status.
     */
    public static final List<Duration> LATENCY_BUCKETS = Stream.of(1, 5, 10, 25, 50, 100, 250, 500, 1000, 2500)
            .map(Duration::ofMillis)
            .toList();

    /** The JVM's GC notifications, which hold a listener until closed. */
    private final JvmGcMetrics gc = new JvmGcMetrics();

    public Metrics(String cryptoProvider) {
        bindJvmAndProcess();
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
                                .serviceLevelObjectives(LATENCY_BUCKETS.toArray(Duration[]::new))
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

    /**
     * The standard JVM and process series: memory pools and buffers, garbage collection, threads,
     * loaded classes, CPU, uptime and open file descriptors.
     */
    private void bindJvmAndProcess() {
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
    }

    /** Stops listening to the JVM's GC notifications (the server calls it when HTTP stops). */
    public void close() {
        gc.close();
    }

    /** The Prometheus text exposition. */
    public String scrape() {
        return registry.scrape();
    }
}
