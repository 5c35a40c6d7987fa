import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Browser-free sign-ins at a Signet issuer, the way a browser does them: GET {@code I/authorize}
 * (code flow, PKCE S256, fresh cookies each time so every sign-in checks the password), the
 * sign-in form posted with {@code username}, {@code password} and its hidden fields
 * ({@code csrf_token}), a consent form approved when one is shown, redirects followed to the
 * client's redirect URI, {@code code} (and {@code state}, {@code iss}) read there and exchanged at
 * {@code I/token} with the {@code code_verifier}.
 *
 * Environment: SIGNIN_ISSUER (required), SIGNIN_CLIENT_ID (refresh-client), SIGNIN_CLIENT_SECRET
 * (empty: a public client), SIGNIN_REDIRECT_URI (http://127.0.0.1:5173/callback), SIGNIN_SCOPE
 * ("openid offline_access orders.read"), SIGNIN_USERS (comma-separated usernames; worker i signs in
 * as the i-th modulo their number), SIGNIN_PASSWORD (every user's).
 *
 *   java SignIns.java mint N OUT [WORKERS=4]
 *       N sign-ins; the N refresh tokens to OUT, one a line. RESULT line with the count and time.
 *   java SignIns.java load WORKERS SECONDS
 *       WORKERS concurrent workers signing in for SECONDS: sign-ins/s, p50/p99/max of one whole
 *       sign-in (authorize to token), failures by step.
 *   java SignIns.java flood account|ip ATTACKERS SECONDS
 *       One worker signs in as the first user, from 127.0.0.3, for SECONDS alone and then for
 *       SECONDS while ATTACKERS workers post wrong passwords from SIGNIN_ATTACKER_ADDRESS (default
 *       127.0.0.2): for one account
 *       (SIGNIN_VICTIM, default the second user) with `account`, for a new unknown username
 *       each time with `ip`. The normal user's sign-in latency in both phases, and the attackers'
 *       attempts with their answers' status codes and latency.
 *   java SignIns.java attack account|ip ATTACKERS SECONDS
 *       The attackers of flood alone, for SECONDS (to measure what the server spends on them).
 */
public final class SignIns {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Pattern FORM =
            Pattern.compile("<form\\b([^>]*)>(.*?)</form>", Pattern.DOTALL | Pattern.CASE_INSENSITIVE);
    private static final Pattern TAG = Pattern.compile("<(input|button)\\b([^>]*)>", Pattern.CASE_INSENSITIVE);
    private static final Pattern ATTR =
            Pattern.compile("([a-zA-Z_:-]+)\\s*(?:=\\s*(?:\"([^\"]*)\"|'([^']*)'|([^\\s>]+)))?");
    private static final Pattern REFRESH = Pattern.compile("\"refresh_token\"\\s*:\\s*\"([^\"]+)\"");

    private final String issuer = requireEnv("SIGNIN_ISSUER");
    private final String clientId = env("SIGNIN_CLIENT_ID", "refresh-client");
    private final String clientSecret = env("SIGNIN_CLIENT_SECRET", "");
    private final String redirectUri = env("SIGNIN_REDIRECT_URI", "http://127.0.0.1:5173/callback");
    private final String scope = env("SIGNIN_SCOPE", "openid offline_access orders.read");
    private final List<String> users = List.of(env("SIGNIN_USERS", "alice").split(","));
    private final String password = requireEnv("SIGNIN_PASSWORD");

    /** Where a sign-in stopped: its step and what came back. */
    static final class Failed extends Exception {
        private static final long serialVersionUID = 1L;
        final String step;

        Failed(String step, String detail) {
            super(step + ": " + detail);
            this.step = step;
        }
    }

    /** A sign-in's answer: the refresh token (or null) and how the password form was answered. */
    record Outcome(String refreshToken, int formStatus) {}

    private SignIns() {}

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: SignIns.java mint N OUT [WORKERS] | load WORKERS SECONDS"
                    + " | flood account|ip ATTACKERS SECONDS");
            System.exit(2);
        }
        SignIns s = new SignIns();
        switch (args[0]) {
            case "mint" ->
                s.mint(Integer.parseInt(args[1]), Path.of(args[2]), args.length > 3 ? Integer.parseInt(args[3]) : 4);
            case "load" -> s.load(Integer.parseInt(args[1]), Double.parseDouble(args[2]));
            case "flood" -> s.flood(args[1], Integer.parseInt(args[2]), Double.parseDouble(args[3]));
            case "attack" -> s.attack(args[1], Integer.parseInt(args[2]), Double.parseDouble(args[3]));
            default -> throw new IllegalArgumentException("unknown mode " + args[0]);
        }
    }

    static HttpClient client(String localAddress) throws IOException {
        HttpClient.Builder b = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(5));
        if (localAddress != null) {
            b.localAddress(InetAddress.getByName(localAddress));
        }
        return b.build();
    }

    // ---------------------------------------------------------------- modes

    void mint(int n, Path out, int workers) throws Exception {
        HttpClient http = client(null);
        ConcurrentLinkedQueue<String> tokens = new ConcurrentLinkedQueue<>();
        AtomicInteger next = new AtomicInteger();
        AtomicInteger failures = new AtomicInteger();
        List<String> firstFailure = Collections.synchronizedList(new ArrayList<>());
        long t0 = System.nanoTime();
        runWorkers(workers, w -> {
            while (next.getAndIncrement() < n) {
                try {
                    Outcome o = signIn(http, users.get(w % users.size()), password, true);
                    if (o.refreshToken() == null) {
                        throw new Failed("token", "no refresh_token in the token answer");
                    }
                    tokens.add(o.refreshToken());
                } catch (Failed e) {
                    if (failures.incrementAndGet() > 3 * n) {
                        return;
                    }
                    next.decrementAndGet();
                    if (firstFailure.isEmpty()) {
                        firstFailure.add(e.getMessage());
                    }
                }
            }
        });
        double secs = (System.nanoTime() - t0) / 1e9;
        Files.write(out, tokens);
        System.out.printf(
                Locale.ROOT,
                "RESULT minted=%d failures=%d seconds=%.2f%s%n",
                tokens.size(),
                failures.get(),
                secs,
                firstFailure.isEmpty()
                        ? ""
                        : " first_failure=\"" + firstFailure.get(0).replace('"', '\'') + "\"");
        if (tokens.size() < n) {
            System.exit(1);
        }
    }

    void load(int workers, double seconds) throws Exception {
        HttpClient http = client(null);
        Stats stats = new Stats();
        long deadline = System.nanoTime() + (long) (seconds * 1e9);
        long t0 = System.nanoTime();
        runWorkers(workers, w -> {
            String user = users.get(w % users.size());
            while (System.nanoTime() < deadline) {
                long s = System.nanoTime();
                try {
                    Outcome o = signIn(http, user, password, true);
                    stats.ok(System.nanoTime() - s);
                    if (o.refreshToken() == null) {
                        stats.fail("no_refresh_token");
                    }
                } catch (Failed e) {
                    stats.fail(e.step, e.getMessage());
                }
            }
        });
        double secs = (System.nanoTime() - t0) / 1e9;
        System.out.printf(Locale.ROOT, "RESULT workers=%d %s%n", workers, stats.line(secs));
    }

    void flood(String mode, int attackers, double seconds) throws Exception {
        if (!mode.equals("account") && !mode.equals("ip")) {
            throw new IllegalArgumentException("flood mode is account or ip");
        }
        String normalUser = users.get(0);
        String victim = env("SIGNIN_VICTIM", users.size() > 1 ? users.get(1) : "victim");
        HttpClient normalHttp = client("127.0.0.3");
        String attackFrom = env("SIGNIN_ATTACKER_ADDRESS", "127.0.0.2");
        HttpClient attackHttp = client(attackFrom);
        System.out.printf(
                "flood %s: normal user %s from 127.0.0.3, %d attackers from %s%s%n",
                mode,
                normalUser,
                attackers,
                attackFrom,
                mode.equals("account") ? " against " + victim : " with unknown usernames");
        Stats alone = normalPhase(normalHttp, normalUser, seconds, null);
        System.out.printf(Locale.ROOT, "RESULT phase=alone normal_%s%n", alone.line(seconds));
        AtomicBoolean stop = new AtomicBoolean();
        Stats attacks = new Stats();
        CountDownLatch started = new CountDownLatch(1);
        Thread flood = Thread.ofPlatform()
                .start(() -> attackUntil(mode, attackers, victim, attackHttp, stop, started, attacks));
        started.await();
        Thread.sleep(1000); // the flood reaches its throttled state before the normal user is timed
        long t0 = System.nanoTime();
        Stats during = normalPhase(normalHttp, normalUser, seconds, null);
        double secs = (System.nanoTime() - t0) / 1e9;
        stop.set(true);
        flood.join();
        System.out.printf(Locale.ROOT, "RESULT phase=flood normal_%s%n", during.line(secs));
        System.out.printf(
                Locale.ROOT,
                "RESULT phase=flood attackers=%d attempts_%s form_status=%s%n",
                attackers,
                attacks.line(secs + 1),
                attacks.statuses());
    }

    void attack(String mode, int attackers, double seconds) throws Exception {
        if (!mode.equals("account") && !mode.equals("ip")) {
            throw new IllegalArgumentException("attack mode is account or ip");
        }
        String victim = env("SIGNIN_VICTIM", users.size() > 1 ? users.get(1) : "victim");
        AtomicBoolean stop = new AtomicBoolean();
        Stats attacks = new Stats();
        CountDownLatch started = new CountDownLatch(1);
        long t0 = System.nanoTime();
        Thread flood = Thread.ofPlatform()
                .start(() -> attackUntil(
                        mode,
                        attackers,
                        victim,
                        client0(env("SIGNIN_ATTACKER_ADDRESS", "127.0.0.2")),
                        stop,
                        started,
                        attacks));
        Thread.sleep((long) (seconds * 1000));
        stop.set(true);
        flood.join();
        double secs = (System.nanoTime() - t0) / 1e9;
        System.out.printf(
                Locale.ROOT,
                "RESULT attack=%s attackers=%d attempts_%s form_status=%s%n",
                mode,
                attackers,
                attacks.line(secs),
                attacks.statuses());
    }

    private static HttpClient client0(String localAddress) {
        try {
            return client(localAddress);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Wrong passwords until {@code stop}: for {@code victim} (mode account) or a new unknown name (mode ip). */
    private void attackUntil(
            String mode,
            int attackers,
            String victim,
            HttpClient http,
            AtomicBoolean stop,
            CountDownLatch started,
            Stats attacks) {
        try {
            runWorkers(attackers, w -> {
                started.countDown();
                while (!stop.get()) {
                    String name = mode.equals("account") ? victim : "nobody-" + RANDOM.nextLong();
                    long s = System.nanoTime();
                    try {
                        Outcome o = signIn(http, name, "wrong-password-" + w, false);
                        attacks.status(o.formStatus());
                        attacks.ok(System.nanoTime() - s);
                    } catch (Failed e) {
                        attacks.fail(e.step, e.getMessage());
                    }
                }
            });
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Stats normalPhase(HttpClient http, String user, double seconds, Stats into) {
        Stats stats = into == null ? new Stats() : into;
        long deadline = System.nanoTime() + (long) (seconds * 1e9);
        while (System.nanoTime() < deadline) {
            long s = System.nanoTime();
            try {
                signIn(http, user, password, true);
                stats.ok(System.nanoTime() - s);
            } catch (Failed e) {
                stats.fail(e.step, e.getMessage());
            }
        }
        return stats;
    }

    // ---------------------------------------------------------------- one sign-in

    /**
     * One sign-in. With {@code expectSuccess}, anything but a code at the redirect URI and a token
     * answer is a failure; without, the answer to the password form is returned as it is.
     */
    Outcome signIn(HttpClient http, String username, String pass, boolean expectSuccess) throws Failed {
        Map<String, String> cookies = new LinkedHashMap<>();
        String verifier = b64(random(32));
        String state = b64(random(16));
        String challenge = b64(sha256(verifier));
        String authorize = issuer + "/authorize?"
                + form(Map.of(
                        "response_type", "code",
                        "client_id", clientId,
                        "redirect_uri", redirectUri,
                        "scope", scope,
                        "state", state,
                        "nonce", b64(random(16)),
                        "code_challenge", challenge,
                        "code_challenge_method", "S256"));
        URI at = URI.create(authorize);
        HttpResponse<String> r = send(http, HttpRequest.newBuilder(at).GET(), cookies, "authorize");
        boolean passwordPosted = false;
        int formStatus = 0;
        for (int step = 0; step < 12; step++) {
            int status = r.statusCode();
            if (status / 100 == 3) {
                String location =
                        r.headers().firstValue("Location").orElseThrow(() -> new Failed("redirect", "no Location"));
                URI next = at.resolve(location);
                if (next.toString().startsWith(redirectUri)) {
                    return new Outcome(redeem(http, next, state, verifier), formStatus);
                }
                at = next;
                r = send(http, HttpRequest.newBuilder(at).GET(), cookies, "redirect");
                continue;
            }
            if (status != 200 && !(passwordPosted && !expectSuccess)) {
                throw new Failed(passwordPosted ? "after_password" : "authorize", status + " " + snippet(r.body()));
            }
            Form f = pickForm(r.body());
            if (f == null) {
                if (passwordPosted && !expectSuccess) {
                    return new Outcome(null, status);
                }
                throw new Failed(
                        passwordPosted ? "after_password" : "authorize", status + " no form: " + snippet(r.body()));
            }
            Map<String, String> fields = new LinkedHashMap<>(f.hidden);
            String stepName;
            if (f.hasUsername) {
                if (passwordPosted) {
                    if (!expectSuccess) {
                        return new Outcome(null, status);
                    }
                    throw new Failed("password", "the sign-in form again: " + snippet(errorText(r.body())));
                }
                fields.put("username", username);
                fields.put("password", pass);
                passwordPosted = true;
                stepName = "password";
            } else if (f.hasAllow) {
                fields.put("decision", "allow");
                stepName = "consent";
            } else {
                throw new Failed("form", "a form this client cannot fill (MFA?): " + snippet(r.body()));
            }
            at = f.action == null ? at : at.resolve(f.action);
            r = send(
                    http,
                    HttpRequest.newBuilder(at)
                            .header("Content-Type", "application/x-www-form-urlencoded")
                            .POST(HttpRequest.BodyPublishers.ofString(form(fields))),
                    cookies,
                    stepName);
            if (stepName.equals("password")) {
                formStatus = r.statusCode();
                if (!expectSuccess && r.statusCode() / 100 != 3) {
                    return new Outcome(null, formStatus);
                }
            }
        }
        throw new Failed("redirect", "more than 12 steps");
    }

    private String redeem(HttpClient http, URI callback, String state, String verifier) throws Failed {
        Map<String, String> q = query(callback.getRawQuery());
        if (q.containsKey("error")) {
            throw new Failed("callback", q.get("error") + " " + q.getOrDefault("error_description", ""));
        }
        if (!state.equals(q.get("state"))) {
            throw new Failed("callback", "state mismatch");
        }
        if (!issuer.equals(q.get("iss"))) {
            throw new Failed("callback", "iss " + q.get("iss") + " is not " + issuer);
        }
        String code = q.get("code");
        if (code == null) {
            throw new Failed("callback", "no code");
        }
        Map<String, String> body = new LinkedHashMap<>();
        body.put("grant_type", "authorization_code");
        body.put("code", code);
        body.put("redirect_uri", redirectUri);
        body.put("code_verifier", verifier);
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(issuer + "/token"))
                .header("Content-Type", "application/x-www-form-urlencoded");
        if (clientSecret.isEmpty()) {
            body.put("client_id", clientId);
        } else {
            b.header(
                    "Authorization",
                    "Basic "
                            + Base64.getEncoder()
                                    .encodeToString((enc(clientId) + ":" + enc(clientSecret))
                                            .getBytes(StandardCharsets.UTF_8)));
        }
        HttpResponse<String> r =
                send(http, b.POST(HttpRequest.BodyPublishers.ofString(form(body))), new LinkedHashMap<>(), "token");
        if (r.statusCode() != 200) {
            throw new Failed("token", r.statusCode() + " " + snippet(r.body()));
        }
        Matcher m = REFRESH.matcher(r.body());
        return m.find() ? m.group(1) : null;
    }

    private static HttpResponse<String> send(
            HttpClient http, HttpRequest.Builder b, Map<String, String> cookies, String step) throws Failed {
        if (!cookies.isEmpty()) {
            StringBuilder c = new StringBuilder();
            cookies.forEach((k, v) ->
                    c.append(c.length() == 0 ? "" : "; ").append(k).append('=').append(v));
            b.header("Cookie", c.toString());
        }
        b.timeout(Duration.ofSeconds(30));
        HttpResponse<String> r;
        try {
            r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new Failed(step, "I/O: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Failed(step, "interrupted");
        }
        for (String sc : r.headers().allValues("Set-Cookie")) {
            String pair = sc.split(";", 2)[0];
            int eq = pair.indexOf('=');
            if (eq > 0) {
                String name = pair.substring(0, eq).strip();
                String value = pair.substring(eq + 1).strip();
                boolean expired = sc.toLowerCase(Locale.ROOT).contains("max-age=0") || value.isEmpty();
                if (expired) {
                    cookies.remove(name);
                } else {
                    cookies.put(name, value);
                }
            }
        }
        return r;
    }

    // ---------------------------------------------------------------- HTML forms

    record Form(String action, Map<String, String> hidden, boolean hasUsername, boolean hasAllow) {}

    /** The sign-in form when there is one, else a consent form with an allow button, else the first POST form. */
    static Form pickForm(String html) {
        List<Form> forms = new ArrayList<>();
        Matcher fm = FORM.matcher(html);
        while (fm.find()) {
            Map<String, String> attrs = attrs(fm.group(1));
            if (!attrs.getOrDefault("method", "get").equalsIgnoreCase("post")) {
                continue;
            }
            Map<String, String> hidden = new LinkedHashMap<>();
            boolean user = false;
            boolean allow = false;
            Matcher tm = TAG.matcher(fm.group(2));
            while (tm.find()) {
                Map<String, String> a = attrs(tm.group(2));
                String name = a.get("name");
                if (name == null) {
                    continue;
                }
                if (tm.group(1).equalsIgnoreCase("button")) {
                    allow |= name.equals("decision") && "allow".equals(a.get("value"));
                } else if (name.equals("username")) {
                    user = true;
                } else if ("hidden".equalsIgnoreCase(a.get("type"))) {
                    hidden.put(name, a.getOrDefault("value", ""));
                }
            }
            forms.add(new Form(attrs.get("action"), hidden, user, allow));
        }
        return forms.stream()
                .filter(Form::hasUsername)
                .findFirst()
                .or(() -> forms.stream().filter(Form::hasAllow).findFirst())
                .orElse(forms.isEmpty() ? null : forms.get(0));
    }

    private static Map<String, String> attrs(String s) {
        Map<String, String> out = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        Matcher m = ATTR.matcher(s);
        while (m.find()) {
            String v = m.group(2) != null
                    ? m.group(2)
                    : m.group(3) != null ? m.group(3) : m.group(4) != null ? m.group(4) : "";
            out.put(m.group(1), unescape(v));
        }
        return out;
    }

    private static String unescape(String s) {
        if (s.indexOf('&') < 0) {
            return s;
        }
        Matcher m = Pattern.compile("&(#x[0-9a-fA-F]+|#[0-9]+|amp|lt|gt|quot|apos);")
                .matcher(s);
        StringBuilder b = new StringBuilder();
        while (m.find()) {
            String e = m.group(1);
            String r = switch (e) {
                case "amp" -> "&";
                case "lt" -> "<";
                case "gt" -> ">";
                case "quot" -> "\"";
                case "apos" -> "'";
                default ->
                    new String(Character.toChars(
                            e.startsWith("#x")
                                    ? Integer.parseInt(e.substring(2), 16)
                                    : Integer.parseInt(e.substring(1))));
            };
            m.appendReplacement(b, Matcher.quoteReplacement(r));
        }
        m.appendTail(b);
        return b.toString();
    }

    private static String errorText(String html) {
        return html.replaceAll("(?s)<head>.*?</head>", "")
                .replaceAll("<[^>]+>", " ")
                .replaceAll("\\s+", " ")
                .strip();
    }

    private static String snippet(String s) {
        String t = s.replaceAll("\\s+", " ");
        return t.length() > 200 ? t.substring(0, 200) + "…" : t;
    }

    // ---------------------------------------------------------------- statistics

    /** Latencies (ns) and failures of one phase, thread-safe. */
    static final class Stats {
        private final List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        private final Map<String, AtomicLong> failures = new ConcurrentHashMap<>();
        private final Map<Integer, AtomicLong> statuses = new ConcurrentHashMap<>();
        private volatile String firstFailure;

        void ok(long nanos) {
            latencies.add(nanos);
        }

        void fail(String step) {
            failures.computeIfAbsent(step, k -> new AtomicLong()).incrementAndGet();
        }

        void fail(String step, String detail) {
            fail(step);
            if (firstFailure == null) {
                firstFailure = detail;
            }
        }

        void status(int s) {
            statuses.computeIfAbsent(s, k -> new AtomicLong()).incrementAndGet();
        }

        String statuses() {
            return new TreeMap<>(statuses).toString().replace(" ", "");
        }

        String line(double seconds) {
            List<Long> l;
            synchronized (latencies) {
                l = new ArrayList<>(latencies);
            }
            Collections.sort(l);
            long failed = failures.values().stream().mapToLong(AtomicLong::get).sum();
            return String.format(
                    Locale.ROOT,
                    "ok=%d per_s=%.1f p50_ms=%.1f p99_ms=%.1f max_ms=%.1f failures=%d%s%s",
                    l.size(),
                    l.size() / seconds,
                    pct(l, 50),
                    pct(l, 99),
                    l.isEmpty() ? 0 : l.get(l.size() - 1) / 1e6,
                    failed,
                    failures.isEmpty()
                            ? ""
                            : " failures_by_step="
                                    + new TreeMap<>(failures).toString().replace(" ", ""),
                    firstFailure == null ? "" : " first_failure=\"" + firstFailure.replace('"', '\'') + "\"");
        }

        private static double pct(List<Long> sorted, int p) {
            if (sorted.isEmpty()) {
                return 0;
            }
            int i = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
            return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i))) / 1e6;
        }
    }

    // ---------------------------------------------------------------- helpers

    @FunctionalInterface
    interface Worker {
        void run(int index) throws Exception;
    }

    static void runWorkers(int n, Worker w) throws InterruptedException {
        List<Thread> threads = new ArrayList<>();
        List<Throwable> errors = Collections.synchronizedList(new ArrayList<>());
        for (int i = 0; i < n; i++) {
            int index = i;
            threads.add(Thread.ofPlatform().start(() -> {
                try {
                    w.run(index);
                } catch (Throwable e) {
                    errors.add(e);
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        if (!errors.isEmpty()) {
            throw new IllegalStateException("a worker failed", errors.get(0));
        }
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> out = new LinkedHashMap<>();
        if (raw == null) {
            return out;
        }
        for (String p : raw.split("&")) {
            int eq = p.indexOf('=');
            String k = eq < 0 ? p : p.substring(0, eq);
            String v = eq < 0 ? "" : p.substring(eq + 1);
            out.put(URLDecoder.decode(k, StandardCharsets.UTF_8), URLDecoder.decode(v, StandardCharsets.UTF_8));
        }
        return out;
    }

    private static String form(Map<String, String> fields) {
        StringBuilder b = new StringBuilder();
        fields.forEach((k, v) ->
                b.append(b.length() == 0 ? "" : "&").append(enc(k)).append('=').append(enc(v)));
        return b.toString();
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static byte[] random(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.US_ASCII));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String b64(byte[] b) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isEmpty() ? fallback : v;
    }

    private static String requireEnv(String name) {
        String v = System.getenv(name);
        if (v == null || v.isEmpty()) {
            throw new IllegalStateException(name + " is not set");
        }
        return v;
    }
}
