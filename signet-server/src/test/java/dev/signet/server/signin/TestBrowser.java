package dev.signet.server.signin;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** An HTTP client that keeps cookies by hand and never follows redirects: what a browser does, visibly. */
final class TestBrowser {

    private static final Pattern HIDDEN =
            Pattern.compile("<input type=\"hidden\" name=\"([a-z_]+)\" value=\"([^\"]*)\">");
    private static final Pattern ACTION = Pattern.compile("<form method=\"post\" action=\"([^\"]+)\">");

    final Map<String, String> cookies = new LinkedHashMap<>();
    private final HttpClient http =
            HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private final String base;
    HttpResponse<String> last;

    TestBrowser(String base) {
        this.base = base;
    }

    HttpResponse<String> get(String pathAndQuery) {
        return send(HttpRequest.newBuilder(URI.create(base + pathAndQuery)).GET());
    }

    HttpResponse<String> post(String path, List<String> form) {
        return send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(encode(form))));
    }

    /** Submits the last page's form with its hidden fields and these fields (pairs). */
    HttpResponse<String> submit(String... fields) {
        List<String> form = new ArrayList<>();
        hidden(last.body()).forEach((k, v) -> {
            form.add(k);
            form.add(v);
        });
        form.addAll(List.of(fields));
        return post(action(last.body()), form);
    }

    static Map<String, String> hidden(String html) {
        Map<String, String> out = new LinkedHashMap<>();
        Matcher m = HIDDEN.matcher(html);
        while (m.find()) {
            out.put(m.group(1), m.group(2));
        }
        return out;
    }

    static String action(String html) {
        Matcher m = ACTION.matcher(html);
        if (!m.find()) {
            throw new AssertionError("no form on the page:\n" + html);
        }
        return m.group(1);
    }

    private HttpResponse<String> send(HttpRequest.Builder b) {
        if (!cookies.isEmpty()) {
            List<String> parts = new ArrayList<>();
            cookies.forEach((k, v) -> parts.add(k + "=" + v));
            b.header("Cookie", String.join("; ", parts));
        }
        try {
            last = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        for (String c : last.headers().allValues("Set-Cookie")) {
            String pair = c.split(";", 2)[0];
            String name = pair.substring(0, pair.indexOf('='));
            String value = pair.substring(pair.indexOf('=') + 1);
            if (c.contains("Max-Age=0") || value.isEmpty()) {
                cookies.remove(name);
            } else {
                cookies.put(name, value);
            }
        }
        return last;
    }

    /** The query parameters of a redirect's Location. */
    static Map<String, String> query(HttpResponse<String> r) {
        String location = r.headers()
                .firstValue("Location")
                .orElseThrow(() -> new AssertionError("no redirect: " + r.statusCode() + "\n" + r.body()));
        Map<String, String> out = new LinkedHashMap<>();
        String q = URI.create(location).getRawQuery();
        if (q != null) {
            for (String p : q.split("&", -1)) {
                int eq = p.indexOf('=');
                out.put(
                        URLDecoder.decode(p.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(p.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    static String encode(List<String> form) {
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < form.size(); i += 2) {
            parts.add(URLEncoder.encode(form.get(i), StandardCharsets.UTF_8) + "="
                    + URLEncoder.encode(form.get(i + 1), StandardCharsets.UTF_8));
        }
        return String.join("&", parts);
    }
}
