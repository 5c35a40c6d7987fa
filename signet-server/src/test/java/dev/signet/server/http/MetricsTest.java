package dev.signet.server.http;

import static dev.signet.server.TestServer.ORDERS_SECRET;
import static dev.signet.server.TestServer.basic;
import static org.assertj.core.api.Assertions.assertThat;

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

    private static double value(String metrics, String series) {
        Matcher matcher = Pattern.compile("(?m)^" + series + " (\\S+)$").matcher(metrics);
        assertThat(matcher.find()).as(series + " in\n" + metrics).isTrue();
        return Double.parseDouble(matcher.group(1));
    }
}
