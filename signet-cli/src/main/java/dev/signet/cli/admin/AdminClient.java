package dev.signet.cli.admin;

import dev.signet.cli.io.CommandFailure;
import dev.signet.cli.io.Durations;
import dev.signet.cli.io.JsonText;
import dev.signet.cli.io.SignetVersion;
import dev.signet.cli.io.TextTable;
import dev.signet.verify.KeySetUrl;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * Calls the server's admin API ({@code /admin/…}, JSON) with the admin credential: HTTPS, or plain
 * HTTP to this machine only; timeouts, a size cap on answers, no redirects (the credential goes only
 * to the URL the user named); every failure becomes one line for the user.
 */
final class AdminClient {

    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    /** Rotating or revoking a key generates one (RSA, ML-DSA): allow for a slow machine. */
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    /** Far above any admin answer (the audit log is at most 200 events); a larger one is not ours. */
    static final int MAX_BYTES = 4 << 20;

    private final URI base;
    private final String credential;
    private final String credentialSource;
    private final HttpClient http;

    /**
     * @param base the server's base URL, as returned by {@link #checkedServer}
     * @param credential the admin bearer credential
     * @param credentialSource where the credential came from, for the message when it is refused
     */
    AdminClient(URI base, String credential, String credentialSource) {
        this.base = base;
        this.credential = credential;
        this.credentialSource = credentialSource;
        this.http = HttpClient.newBuilder()
                .connectTimeout(CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** {@code GET path}; the answer's JSON object. */
    Map<String, Object> get(String path) {
        return send("GET", path, null);
    }

    /** {@code POST path} with {@code body} as JSON (an empty object when null); the answer's JSON object. */
    Map<String, Object> post(String path, Map<String, Object> body) {
        return send("POST", path, JsonText.compact(body == null ? Map.of() : body));
    }

    /**
     * The server's base URL: absolute, http or https, no user name, query or fragment, no trailing
     * slash. Plain HTTP only to the loopback interface: the request carries the admin credential,
     * and anyone on the path could read it.
     */
    static URI checkedServer(String url) {
        URI uri;
        try {
            uri = new URI(url.strip());
        } catch (URISyntaxException e) {
            throw CommandFailure.usage("--server '" + JsonText.escape(url) + "' is not a valid URL: " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw CommandFailure.usage("--server '" + JsonText.escape(url) + "' must be an http:// or https:// URL,"
                    + " e.g. https://auth.example.com");
        }
        if (uri.getHost() == null) {
            throw CommandFailure.usage("--server '" + JsonText.escape(url) + "' has no host");
        }
        if (uri.getRawUserInfo() != null || uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw CommandFailure.usage("--server must be the server's base URL, without a user name, query or"
                    + " fragment; the admin credential comes from --credential-file or SIGNET_ADMIN_TOKEN");
        }
        if (scheme.equals("http") && !KeySetUrl.isLoopback(uri.getHost())) {
            throw CommandFailure.usage("refusing to send the admin credential over plain http to " + uri.getHost()
                    + ": anyone on the path could read it; use https:// (http:// is allowed only for localhost,"
                    + " 127.0.0.1 and ::1)");
        }
        String text = uri.toString();
        while (text.endsWith("/")) {
            text = text.substring(0, text.length() - 1);
        }
        return URI.create(text);
    }

    /**
     * One path segment (a tenant, client id or kid), percent-encoded. {@code .} and {@code ..} are
     * refused: they would make the request name another endpoint.
     */
    static String segment(String value, String what) {
        if (value.isEmpty() || value.equals(".") || value.equals("..")) {
            throw CommandFailure.usage("'" + JsonText.escape(value) + "' is not a " + what);
        }
        StringBuilder sb = new StringBuilder();
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'A' && c <= 'Z')
                    || (c >= 'a' && c <= 'z')
                    || (c >= '0' && c <= '9')
                    || c == '-'
                    || c == '.'
                    || c == '_'
                    || c == '~') {
                sb.append(c);
            } else {
                sb.append('%').append(String.format("%02X", b & 0xff));
            }
        }
        return sb.toString();
    }

    private Map<String, Object> send(String method, String path, String json) {
        URI uri = URI.create(base + path);
        HttpRequest.Builder b = HttpRequest.newBuilder(uri)
                .timeout(REQUEST_TIMEOUT)
                .header("Accept", "application/json")
                .header("User-Agent", "signet/" + SignetVersion.current());
        try {
            b.header("Authorization", "Bearer " + credential);
        } catch (IllegalArgumentException e) {
            throw CommandFailure.usage("the admin credential from " + credentialSource + " holds characters that"
                    + " cannot go in an HTTP header; use the contents of the server's <data-dir>/admin-credential");
        }
        if (json == null) {
            b.GET();
        } else {
            b.header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8));
        }
        int status;
        byte[] bytes;
        String location;
        try {
            HttpResponse<InputStream> response = http.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
            status = response.statusCode();
            location = response.headers().firstValue("Location").orElse(null);
            try (InputStream body = response.body()) {
                bytes = body.readNBytes(MAX_BYTES + 1);
            }
        } catch (HttpConnectTimeoutException e) {
            throw CommandFailure.usage(
                    "cannot reach " + base + ": no connection within " + Durations.describe(CONNECT_TIMEOUT)
                            + "; is `signet server` running there?",
                    e);
        } catch (HttpTimeoutException e) {
            throw CommandFailure.usage(
                    base + " did not answer " + method + " " + path + " within " + Durations.describe(REQUEST_TIMEOUT),
                    e);
        } catch (ConnectException e) {
            throw CommandFailure.usage("cannot reach " + base + " (" + reason(e) + "); is `signet server` running?", e);
        } catch (IOException e) {
            throw CommandFailure.usage("the connection to " + base + " failed: " + reason(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw CommandFailure.usage("interrupted while calling " + base, e);
        }
        if (bytes.length > MAX_BYTES) {
            throw CommandFailure.usage(base + " answered " + method + " " + path + " with over " + MAX_BYTES
                    + " bytes; that is not an admin API answer");
        }
        String text = new String(bytes, StandardCharsets.UTF_8);
        Map<String, Object> doc = parse(text);
        if (status == 200 || status == 201) {
            if (doc == null) {
                throw CommandFailure.usage(base + " answered " + method + " " + path + " with something other than a"
                        + " JSON object; is it a signet server?");
            }
            return doc;
        }
        throw failure(method, path, status, doc, location);
    }

    private CommandFailure failure(String method, String path, int status, Map<String, Object> doc, String location) {
        if (status == 401 || status == 403) {
            return CommandFailure.usage("the admin credential was refused; " + base + " does not accept the one from "
                    + credentialSource + " (use the contents of that server's <data-dir>/admin-credential, via"
                    + " --credential-file FILE or SIGNET_ADMIN_TOKEN)");
        }
        if (status >= 300 && status < 400) {
            return CommandFailure.usage(base + " answered HTTP " + status
                    + (location == null ? "" : ", redirecting to " + JsonText.escape(location))
                    + "; the admin credential is never sent to"
                    + " another URL: pass the right one as --server if you trust it");
        }
        String error = doc == null ? null : string(doc.get("error"));
        String description = doc == null ? null : string(doc.get("error_description"));
        if (error == null) {
            return CommandFailure.usage(base + " answered " + method + " " + path + " with HTTP " + status
                    + " and no Signet error; is it a signet server?");
        }
        String detail = description == null ? error : shorten(description);
        if (status >= 500) {
            return CommandFailure.usage("the server failed (" + shorten(error) + "): " + detail);
        }
        if (status == 404 && "no such endpoint".equals(description)) {
            return CommandFailure.usage(base + " has no admin endpoint " + method + " " + path
                    + "; is it a signet server of this version?");
        }
        return CommandFailure.rejected(code(error), detail);
    }

    /**
     * The server's error code as a reason code: {@code not_found} → {@code NOT_FOUND}; untrusted, so reduced to
     * [A-Z0-9_].
     */
    private static String code(String error) {
        StringBuilder sb = new StringBuilder();
        for (char c : error.toUpperCase(Locale.ROOT).toCharArray()) {
            if (sb.length() < 40 && ((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_')) {
                sb.append(c);
            }
        }
        return sb.length() == 0 ? "REFUSED" : sb.toString();
    }

    /** Untrusted text for one line: escaped, at most 300 characters. */
    private static String shorten(String text) {
        String e = TextTable.cell(text);
        return e.length() > 300 ? e.substring(0, 300) + "…" : e;
    }

    private static String string(Object o) {
        return o instanceof String s ? s : null;
    }

    private static Map<String, Object> parse(String text) {
        try {
            return JsonText.parseObject(text);
        } catch (JsonText.InvalidJson e) {
            return null;
        }
    }

    private static String reason(IOException e) {
        Throwable t = e;
        while (t.getMessage() == null && t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage() != null
                ? JsonText.escape(t.getMessage())
                : t.getClass().getSimpleName();
    }
}
