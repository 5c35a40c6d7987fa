package dev.signet.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signet.jose.JwsAlgorithm;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class EdgeConfigLoaderTest {

    /** The configuration of the documentation, verbatim. */
    static final String DOCUMENTED = """
            listen: 127.0.0.1:9000
            issuers:
              - issuer: http://127.0.0.1:8080/tenants/default    # discovery finds the JWKS
                audiences: [orders-api]
                algorithms: [RS256, ES256]                      # optional; default: what discovery lists
            routes:                                             # first match wins
              - match: { path: /public/** }
                anonymous: true
              - match: { path: /orders/**, methods: [GET] }
                require: { scopes: [orders.read] }
              - match: { path: /orders/**, methods: [POST, PUT, DELETE] }
                require: { scopes: [orders.write], acr: [urn:signet:acr:mfa], max-age: 10m }
            forward:                                            # response header ← claim
              X-Auth-Subject: sub
              X-Auth-Client: client_id
              X-Auth-Scopes: scope
            """;

    @Test
    void readsTheDocumentedConfiguration() throws Exception {
        EdgeConfig c = EdgeConfigLoader.parse(DOCUMENTED);
        assertThat(c.host()).isEqualTo("127.0.0.1");
        assertThat(c.port()).isEqualTo(9000);
        assertThat(c.resource()).isNull();
        assertThat(c.envoyPrefix()).isNull();
        assertThat(c.issuers()).hasSize(1);
        assertThat(c.issuers().get(0).issuer()).isEqualTo("http://127.0.0.1:8080/tenants/default");
        assertThat(c.issuers().get(0).audiences()).containsExactly("orders-api");
        assertThat(c.issuers().get(0).algorithms()).containsExactly(JwsAlgorithm.RS256, JwsAlgorithm.ES256);
        assertThat(c.routes()).hasSize(3);
        assertThat(c.routes().get(0).anonymous()).isTrue();
        assertThat(c.routes().get(0).methods()).isEmpty();
        assertThat(c.routes().get(1).methods()).containsExactly("GET");
        assertThat(c.routes().get(1).requirement().scopes()).containsExactly("orders.read");
        EdgeConfig.Route write = c.routes().get(2);
        assertThat(write.methods()).containsExactlyInAnyOrder("POST", "PUT", "DELETE");
        assertThat(write.requirement().scopes()).containsExactly("orders.write");
        assertThat(write.requirement().acr()).containsExactly("urn:signet:acr:mfa");
        assertThat(write.requirement().maxAge()).isEqualTo(Duration.ofMinutes(10));
        assertThat(c.forward())
                .containsExactly(
                        java.util.Map.entry("X-Auth-Subject", "sub"),
                        java.util.Map.entry("X-Auth-Client", "client_id"),
                        java.util.Map.entry("X-Auth-Scopes", "scope"));
        assertThat(c.withPort(9100).port()).isEqualTo(9100);
    }

    @Test
    void readsClaimsResourceAndEnvoyPrefix() throws Exception {
        EdgeConfig c = EdgeConfigLoader.parse("""
                listen: 0.0.0.0:9000
                resource: https://api.example.com
                envoy-prefix: /ext-authz
                issuers: [{issuer: https://auth.example.com, audiences: [a]}]
                routes:
                  - match: {path: /orgs/acme/**}
                    require: {claims: {org_id: acme}}
                """);
        assertThat(c.resource()).isEqualTo("https://api.example.com");
        assertThat(c.envoyPrefix()).isEqualTo("/ext-authz");
        assertThat(c.issuers().get(0).algorithms()).isEmpty();
        assertThat(c.routes().get(0).requirement().claims()).containsEntry("org_id", "acme");
        assertThat(c.forward()).isEmpty();
    }

    @Test
    void refusesWithTheKeyNamed() {
        String base = "listen: 127.0.0.1:9000\nissuers: [{issuer: http://127.0.0.1:1/t, audiences: [a]}]\n";
        String routes = "routes: [{match: {path: /a/**}}]\n";
        List<String[]> cases = List.of(
                new String[] {base + routes + "extra: 1\n", "extra"},
                new String[] {
                    "listen: 127.0.0.1:9000\nissuers: [{issuer: http://auth.example.com, audiences: [a]}]\n" + routes,
                    "issuers[0].issuer"
                },
                new String[] {"issuers: [{issuer: x, audiences: [a]}]\n" + routes, "listen"},
                new String[] {"listen: nowhere\n" + base.substring(base.indexOf('\n') + 1) + routes, "listen"},
                new String[] {"listen: 127.0.0.1:70000\n" + base.substring(base.indexOf('\n') + 1) + routes, "listen"},
                new String[] {"listen: 0.0.0.0:9000\n" + base.substring(base.indexOf('\n') + 1) + routes, "resource"},
                new String[] {base + routes + "resource: ftp://x\n", "resource"},
                new String[] {base + routes + "envoy-prefix: /\n", "envoy-prefix"},
                new String[] {base + routes + "envoy-prefix: /healthz\n", "envoy-prefix"},
                new String[] {"listen: 127.0.0.1:9000\n" + routes, "issuers"},
                new String[] {"listen: 127.0.0.1:9000\nissuers: []\n" + routes, "issuers"},
                new String[] {
                    "listen: 127.0.0.1:9000\nissuers: [{issuer: http://127.0.0.1:1/t}]\n" + routes,
                    "issuers[0].audiences"
                },
                new String[] {
                    "listen: 127.0.0.1:9000\nissuers: [{issuer: http://127.0.0.1:1/t, audiences: [a], jwks: x}]\n"
                            + routes,
                    "issuers[0].jwks"
                },
                new String[] {
                    "listen: 127.0.0.1:9000\nissuers: [{issuer: http://127.0.0.1:1/i, audiences: [a],"
                            + " algorithms: [XX1]}]\n"
                            + routes,
                    "issuers[0].algorithms[0]"
                },
                new String[] {
                    "listen: 127.0.0.1:9000\nissuers: [{issuer: http://127.0.0.1:1/i, audiences: [a],"
                            + " algorithms: [HS256]}]\n"
                            + routes,
                    "issuers[0].algorithms"
                },
                new String[] {
                    "listen: 127.0.0.1:9000\nissuers: [{issuer: http://127.0.0.1:1/i, audiences: [a]},"
                            + " {issuer: http://127.0.0.1:1/i, audiences: [b]}]\n"
                            + routes,
                    "issuers[1].issuer"
                },
                new String[] {base, "routes"},
                new String[] {base + "routes: [{anonymous: true}]\n", "routes[0].match"},
                new String[] {base + "routes: [{match: {path: /a, host: x}}]\n", "routes[0].match.host"},
                new String[] {base + "routes: [{match: {path: a}}]\n", "routes[0].match.path"},
                new String[] {base + "routes: [{match: {path: /a/../b}}]\n", "routes[0].match.path"},
                new String[] {base + "routes: [{match: {path: /a, methods: [get]}}]\n", "routes[0].match.methods"},
                new String[] {base + "routes: [{match: {path: /a}, anonymous: yes please}]\n", "routes[0].anonymous"},
                new String[] {
                    base + "routes: [{match: {path: /a}, anonymous: true, require: {scopes: [x]}}]\n",
                    "routes[0].require"
                },
                new String[] {base + "routes: [{match: {path: /a}, require: {scope: [x]}}]\n", "routes[0].require.scope"
                },
                new String[] {
                    base + "routes: [{match: {path: /a}, require: {max-age: 10 minutes}}]\n",
                    "routes[0].require.max-age"
                },
                new String[] {
                    base + "routes: [{match: {path: /a}, require: {scopes: orders.read}}]\n", "routes[0].require.scopes"
                },
                new String[] {base + routes + "forward: {X-Auth-Subject: [sub]}\n", "forward.X-Auth-Subject"},
                new String[] {base + routes + "forward: {\"Bad Header\": sub}\n", "forward.Bad Header"},
                new String[] {base + routes + "forward: {Authorization: sub}\n", "forward.Authorization"},
                new String[] {"listen: [\n", "(file)"});
        for (String[] c : cases) {
            assertThatThrownBy(() -> EdgeConfigLoader.parse(c[0]))
                    .as(c[0])
                    .isInstanceOf(EdgeConfigException.class)
                    .satisfies(e -> assertThat(((EdgeConfigException) e).key()).isEqualTo(c[1]));
        }
    }

    @Test
    void unknownKeyMessageListsTheAllowedOnes() {
        String yaml = """
                listen: 127.0.0.1:1
                issuers: [{issuer: http://127.0.0.1:1/i, audiences: [a], typ: x}]
                routes: []
                """;
        assertThatThrownBy(() -> EdgeConfigLoader.parse(yaml))
                .hasMessage("issuers[0].typ: unknown setting; allowed here: algorithms, audiences, issuer");
    }
}
