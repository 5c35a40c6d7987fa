package dev.signet.cli;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;

/**
 * Fetches a JWK Set over HTTPS (or plain HTTP from this machine only), with timeouts and a size
 * cap, and without following redirects: the URL the user typed is the one that is trusted.
 */
final class JwksFetcher {

    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
    /** The library's own JWK Set limit (JwkSet.DEFAULT_MAX_BYTES). */
    static final int MAX_BYTES = 512 * 1024;

    private JwksFetcher() {
    }

    /** Whether {@code source} is meant as a URL rather than a file name. */
    static boolean isUrl(String source) {
        String s = source.toLowerCase(Locale.ROOT);
        return s.startsWith("https://") || s.startsWith("http://");
    }

    /** The document at {@code url}; usage failure (exit 2) for a refused URL or a failed fetch. */
    static String fetch(String url) {
        URI uri = checked(url);
        HttpClient client = HttpClient.newBuilder()
                .connectTimeout(CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(REQUEST_TIMEOUT)
                .header("Accept", "application/jwk-set+json, application/json")
                .header("User-Agent", "signet/" + SignetVersion.current())
                .GET().build();
        try {
            HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream body = response.body()) {
                if (response.statusCode() != 200) {
                    String where = response.headers().firstValue("Location").map(l -> " (redirects to " + l
                            + "; use that URL if you trust it)").orElse("");
                    throw CommandFailure.usage("fetching " + uri + " answered HTTP " + response.statusCode() + where);
                }
                byte[] bytes = body.readNBytes(MAX_BYTES + 1);
                if (bytes.length > MAX_BYTES) {
                    throw CommandFailure.usage("the JWK Set at " + uri + " is over " + MAX_BYTES + " bytes");
                }
                return new String(bytes, StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw CommandFailure.usage("cannot fetch " + uri + ": " + (e.getMessage() == null ? e.toString()
                    : e.getMessage()), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw CommandFailure.usage("interrupted while fetching " + uri, e);
        } catch (IllegalArgumentException e) {
            throw CommandFailure.usage("cannot fetch " + uri + ": " + e.getMessage(), e);
        }
    }

    /** Whether {@code host} (from a URI) names this machine's loopback interface. */
    static boolean isLoopback(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        return h.equals("localhost") || h.equals("127.0.0.1") || h.equals("[::1]") || h.equals("::1");
    }

    /** HTTPS anywhere; plain HTTP only to the loopback interface, where nobody can tamper with it. */
    static URI checked(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw CommandFailure.usage("'" + url + "' is not a valid URL: " + e.getReason());
        }
        String host = uri.getHost();
        if (host == null) {
            throw CommandFailure.usage("'" + url + "' has no host");
        }
        if (uri.getUserInfo() != null) {
            throw CommandFailure.usage("a JWKS URL must not carry a user name or password");
        }
        if ("https".equalsIgnoreCase(uri.getScheme())) {
            return uri;
        }
        if (isLoopback(host)) {
            return uri;
        }
        throw CommandFailure.usage("refusing to fetch keys over plain http from " + host
                + ": anyone on the path could swap them; use https:// (http:// is allowed only for"
                + " localhost and 127.0.0.1)");
    }
}
