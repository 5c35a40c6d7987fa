package dev.signet.server.http;

import static dev.signet.server.TestServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.server.TestDatabases;
import dev.signet.server.TestServer;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Malformed input of any kind gets a 4xx JSON error with a description: never a 500, never a stack trace. */
class MalformedInputTest {

    private static final List<String> ENDPOINTS = List.of(
            "/tenants/default/token",
            "/tenants/default/introspect",
            "/tenants/default/revoke",
            "/admin/tenants/default/clients",
            "/admin/tenants");
    private static final List<String> CONTENT_TYPES = List.of(
            "application/x-www-form-urlencoded",
            "application/x-www-form-urlencoded; charset=ISO-8859-1",
            "application/json",
            "text/plain",
            "multipart/form-data; boundary=x",
            "application/x-www-form-urlencoded;;;",
            ";",
            "");
    private static final List<String> AUTHORIZATION = new java.util.ArrayList<>(List.of(
            "",
            "Basic",
            "Basic ===",
            "Basic " + "QQ==",
            "Bearer",
            "Bearer x",
            "Basic Og==",
            "Digest a=b",
            "Basic " + "x".repeat(4000)));

    @TempDir
    static Path dir;

    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(
                TestServer.STANDARD_TENANTS, TestDatabases.sqlite().url(), dir);
        try {
            // Valid credentials too, so that parsing past authentication is reached.
            AUTHORIZATION.add("Bearer "
                    + java.nio.file.Files.readString(dir.resolve("admin-credential"))
                            .strip());
            AUTHORIZATION.add(TestServer.basic("orders-service", TestServer.ORDERS_SECRET)[1]);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void randomBodiesHeadersAndContentTypesNeverCauseA500() {
        Random random = new Random(20261129L); // fixed: a failure can be replayed
        String[] fragments = {
            "grant_type=client_credentials",
            "&",
            "=",
            "%",
            "%zz",
            "%C3%28",
            "%00",
            "+",
            "scope=",
            "scope=a%20b",
            "resource=",
            "client_id=orders-service",
            "client_secret=x",
            "token=",
            "token=a.b.c",
            "client_assertion_type=urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
            "client_assertion=e30.e30.",
            "\u00e9",
            "\uD83D\uDE00",
            "{\"id\":",
            "[",
            "]",
            "\"",
            "\\",
            "\r\n",
            "\t",
            "grant_type=client_credentials",
            "{",
            "}",
            "\"id\":\"x\"",
            "\"audiences\":[\"a\"]",
            "\"audiences\":[1]",
            ",",
            ":",
            "null",
            "1e999",
            "\"jwks\":{\"keys\":[{}]}",
            "\"auth_method\":\"private_key_jwt\"",
            "\"name\":\"t\"",
            "\"access_token_lifetime_seconds\":-1",
            "{\"id\":\"c\",\"audiences\":[\"a\"]}"
        };
        for (int i = 0; i < 400; i++) {
            StringBuilder body = new StringBuilder();
            int parts = random.nextInt(8);
            for (int p = 0; p < parts; p++) {
                body.append(fragments[random.nextInt(fragments.length)]);
            }
            byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
            if (random.nextInt(5) == 0 && bytes.length > 0) {
                bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256); // break the encoding
            }
            String endpoint = ENDPOINTS.get(random.nextInt(ENDPOINTS.size()));
            String type = CONTENT_TYPES.get(random.nextInt(CONTENT_TYPES.size()));
            String auth = AUTHORIZATION.get(random.nextInt(AUTHORIZATION.size()));
            HttpResponse<String> r = auth.isEmpty()
                    ? server.postRaw(endpoint, type.isEmpty() ? null : type, bytes)
                    : server.postRaw(endpoint, type.isEmpty() ? null : type, bytes, "Authorization", auth);
            String what = endpoint + " " + type + " [" + auth + "] " + new String(bytes, StandardCharsets.ISO_8859_1);
            assertThat(r.statusCode()).as(what).isBetween(200, 499);
            assertThat(r.body()).as(what).doesNotContain("Exception").doesNotContain("\tat ");
            if (r.statusCode() >= 400) {
                assertThat(json(r).get("error_description").asString()).as(what).isNotBlank();
            }
        }
    }
}
