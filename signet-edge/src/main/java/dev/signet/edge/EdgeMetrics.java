package dev.signet.edge;

import dev.signet.verify.VerificationEvents;
import dev.signet.verify.micrometer.MicrometerVerificationEvents;
import io.micrometer.core.instrument.Counter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The edge's Prometheus metrics: {@code signet_edge_requests_total{issuer,outcome,reason}}, and
 * signet-verify's own counters ({@code signet_verify_tokens_total}, {@code signet_verify_keys_fetches_total}).
 * Labels hold configured issuers and fixed values only: their number stays bounded whatever
 * callers send.
 */
public final class EdgeMetrics {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();

    /** Counts one decision. */
    public void record(Decision d) {
        counters.computeIfAbsent(
                        d.issuer() + "\n" + d.outcome() + "\n" + d.reason().label(),
                        k -> Counter.builder("signet.edge.requests")
                                .tag("issuer", d.issuer())
                                .tag("outcome", d.outcome())
                                .tag("reason", d.reason().label())
                                .description("Forward-auth requests answered by the edge")
                                .register(registry))
                .increment();
    }

    /** The events sink for the verifier, on the same registry. */
    public VerificationEvents verificationEvents() {
        return new MicrometerVerificationEvents(registry);
    }

    /** The Prometheus text exposition. */
    public String scrape() {
        return registry.scrape();
    }
}
