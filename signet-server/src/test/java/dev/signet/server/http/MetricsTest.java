package dev.signet.server.http;

import static dev.signet.server.TestServer.ORDERS_SECRET;
import static dev.signet.server.TestServer.basic;
import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.server.Metrics;
import dev.signet.server.TestDatabases;
import dev.signet.server.TestServer;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code GET /metrics}: Prometheus text with the counters the issue names, and no client data in labels. */
class MetricsTest {

    @TempDir
    Path dir;

    @Test
    void countsTokensFailuresIntrospectionsLatencyKeyAgeAndProvider() {
        try (TestServer server = TestServer.start(
                TestServer.STANDARD_TENANTS, TestDatabases.sqlite().url(), dir)) {
            String token = server.ordersToken().get("access_token").asString();
            server.ordersToken();
            server.postForm(
                    "/tenants/default/token",
                    List.of("grant_type", "client_credentials"),
                    basic("orders-service", "wrong"));
            server.postForm(
                    "/tenants/default/introspect", List.of("token", token), basic("orders-service", ORDERS_SECRET));
            server.postForm(
                    "/tenants/default/introspect", List.of("token", "junk"), basic("orders-service", ORDERS_SECRET));

            HttpResponse<String> r = server.get("/metrics");
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
            String m = r.body();
            assertThat(value(
                            m,
                            "signet_tokens_issued_total\\{format=\"jwt\",grant=\"client_credentials\",tena"
                                    + "nt=\"default\"\\}"))
                    .isEqualTo(2);
            assertThat(value(
                            m,
                            "signet_client_authentication_failures_total\\{method=\"client_secret_basic\","
                                    + "tenant=\"default\"\\}"))
                    .isEqualTo(1);
            assertThat(value(m, "signet_introspections_total\\{active=\"true\",tenant=\"default\"\\}"))
                    .isEqualTo(1);
            assertThat(value(m, "signet_introspections_total\\{active=\"false\",tenant=\"default\"\\}"))
                    .isEqualTo(1);
            assertThat(m)
                    .contains("signet_http_server_requests_seconds_bucket")
                    .contains("route=\"/tenants/{tenant}/token\"")
                    .contains("signet_signing_key_age_seconds{tenant=\"default\"}")
                    .contains("signet_crypto_provider{provider=\""
                            + server.server().cryptoProvider() + "\"}");
            assertThat(m).doesNotContain("orders-service").doesNotContain(ORDERS_SECRET);
        }
    }

    /**
     * About fifty requests over several routes and statuses: the exposition stays small (a fixed set
     * of latency buckets per route, not Micrometer's percentile histogram of some 70 buckets per
     * series) and carries the JVM and process series.
     */
    @Test
    void fiftyRequestsKeepTheExpositionSmallAndItHasJvmAndProcessSeries() {
        try (TestServer server = TestServer.start(
                TestServer.STANDARD_TENANTS, TestDatabases.sqlite().url(), dir)) {
            for (int i = 0; i < 20; i++) {
                server.ordersToken();
            }
            for (int i = 0; i < 10; i++) {
                server.postForm(
                        "/tenants/default/token",
                        List.of("grant_type", "client_credentials"),
                        basic("orders-service", "wrong"));
                server.get("/tenants/default/jwks");
                server.get("/tenants/default/.well-known/openid-configuration");
            }
            server.get("/healthz");
            server.get("/readyz");
            server.get("/nowhere");
            server.get("/metrics");
            String m = server.get("/metrics").body();
            long buckets = m.lines()
                    .filter(l -> l.startsWith("signet_http_server_requests_seconds_bucket"))
                    .count();
            long series = m.lines()
                    .filter(l -> l.startsWith("signet_http_server_requests_seconds_count"))
                    .count();
            System.out.println("/metrics after ~50 requests: " + m.length() + " characters, " + buckets
                    + " _bucket lines for " + series + " request series");
            assertThat(series).isGreaterThanOrEqualTo(5);
            // Ten boundaries and +Inf per series.
            assertThat(buckets).isEqualTo(series * (Metrics.LATENCY_BUCKETS.size() + 1));
            assertThat(m)
                    .contains("le=\"0.001\"")
                    .contains("le=\"0.25\"")
                    .contains("le=\"2.5\"")
                    .doesNotContain("le=\"0.001048576\"");
            assertThat(m.length()).isLessThan(40_000);
            assertThat(m)
                    .contains("jvm_memory_used_bytes{")
                    .contains("jvm_threads_live_threads ")
                    .contains("jvm_classes_loaded_classes ")
                    .contains("jvm_gc_")
                    .contains("process_cpu_usage ")
                    .contains("system_cpu_count ")
                    .contains("process_uptime_seconds ")
                    .contains("process_files_open_files ");
        }
    }

    private static double value(String metrics, String series) {
        Matcher matcher = Pattern.compile("(?m)^" + series + " (\\S+)$").matcher(metrics);
        assertThat(matcher.find()).as(series + " in\n" + metrics).isTrue();
        return Double.parseDouble(matcher.group(1));
    }
}
