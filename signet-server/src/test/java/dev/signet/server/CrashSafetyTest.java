package dev.signet.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Nothing answered 200 is lost when the server is killed, and the store opens again: a child JVM
 * ({@link CrashChild}) runs the server under load and prints each answered write; the test kills it
 * with SIGKILL 0.5-2 s after its first answered write, starts a server on the same store in this JVM and
 * finds every opaque token active, every registered client registered, every disabled client
 * disabled and every revoked key revoked (out of the JWKS, not signing, its token inactive).
 *
 * <p>Tagged {@code crash} ({@code -DexcludedGroups=crash} leaves it out).
 */
@Tag("crash")
class CrashSafetyTest {

    private static final int CYCLES = 3;
    private static final long BUDGET_NANOS = TimeUnit.SECONDS.toNanos(35);

    @TempDir
    Path dir;

    @Test
    void postgresqlKeepsEveryAnsweredWriteThroughKill9() throws Exception {
        crashCycles(TestDatabases.postgres().url());
    }

    @Test
    void embeddedStoreKeepsEveryAnsweredWriteThroughKill9() throws Exception {
        crashCycles(CrashChild.EMBEDDED);
    }

    /** What the children printed, over all cycles so far. */
    private static final class Answered {
        final List<String> opaque = new ArrayList<>();
        final List<String> clients = new ArrayList<>();
        final List<String> disabled = new ArrayList<>();
        final Map<String, String> revoked = new LinkedHashMap<>(); // kid -> a JWT it signed

        void add(String line) {
            String[] f = line.split(" ", -1);
            switch (f[0]) {
                case "opaque" -> opaque.add(f[1]);
                case "client" -> clients.add(f[1]);
                case "disabled" -> disabled.add(f[1]);
                case "revoked" -> revoked.put(f[1], f[2]);
                default -> throw new AssertionError("the child printed a line the test does not know: " + line);
            }
        }
    }

    private void crashCycles(String db) throws Exception {
        Path data = dir.resolve("data");
        Answered answered = new Answered();
        long started = System.nanoTime();
        int cycles = 0;
        while (cycles < CYCLES && (cycles == 0 || System.nanoTime() - started < BUDGET_NANOS)) {
            cycles++;
            runAndKill(data, db, answered, cycles);
            try (Server server = CrashChild.start(data, db)) { // the store opens again, or this throws
                Map<String, Integer> lost = lost(new CrashChild(server.localUrl(), data), answered);
                String counts = String.format(
                        "after kill %d: answered opaque=%d clients=%d disabled=%d revoked=%d; lost %s",
                        cycles,
                        answered.opaque.size(),
                        answered.clients.size(),
                        answered.disabled.size(),
                        answered.revoked.size(),
                        lost);
                System.out.println(counts);
                assertThat(lost).as(counts).isEmpty();
            }
        }
        assertThat(answered.opaque).as("the children issued opaque tokens").isNotEmpty();
    }

    /** Starts the child, lets it run 0.5-2 s past its first answered write, SIGKILLs it, collects what it printed. */
    private void runAndKill(Path data, String db, Answered answered, int cycle) throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Path stderr = dir.resolve("child-" + cycle + ".err");
        Process child = new ProcessBuilder(
                        java.toString(),
                        "-Xmx256m",
                        "-XX:+UseSerialGC",
                        "-cp",
                        System.getProperty("java.class.path"),
                        CrashChild.class.getName(),
                        data.toString(),
                        db)
                .redirectError(stderr.toFile())
                .start();
        CompletableFuture<Void> ready = new CompletableFuture<>();
        CompletableFuture<Void> firstWrite = new CompletableFuture<>();
        List<String> lines = Collections.synchronizedList(new ArrayList<>());
        Thread reader = new Thread(() -> {
            try (BufferedReader r =
                    new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                StringBuilder line = new StringBuilder();
                for (int c = r.read(); c != -1; c = r.read()) {
                    if (c != '\n') {
                        line.append((char) c);
                    } else if (line.toString().startsWith("ready ")) {
                        ready.complete(null);
                        line.setLength(0);
                    } else {
                        lines.add(line.toString()); // only whole lines: the child writes each at once
                        line.setLength(0);
                        firstWrite.complete(null);
                    }
                }
            } catch (IOException e) {
                // the pipe closed with the process
            } finally {
                ready.complete(null);
                firstWrite.complete(null);
            }
        });
        reader.start();
        try {
            ready.get(60, TimeUnit.SECONDS);
            assertThat(child.isAlive())
                    .as("the child server started; its stderr: %s", tail(stderr))
                    .isTrue();
            firstWrite.get(30, TimeUnit.SECONDS); // the kill is timed from the first answered write
            Thread.sleep(ThreadLocalRandom.current().nextLong(500, 2_000));
        } finally {
            child.destroyForcibly(); // SIGKILL on Linux and macOS
            assertThat(child.waitFor(10, TimeUnit.SECONDS)).isTrue();
        }
        reader.join(10_000);
        synchronized (lines) {
            lines.forEach(answered::add);
        }
    }

    /** What the reopened server no longer has, by kind (empty when nothing is lost). */
    private static Map<String, Integer> lost(CrashChild server, Answered answered) throws InterruptedException {
        Map<String, Integer> lost = new LinkedHashMap<>();
        for (String token : answered.opaque) {
            if (!server.active(token)) {
                lost.merge("opaque", 1, Integer::sum);
            }
        }
        Map<String, Boolean> enabled = new HashMap<>();
        JsonNode clients = TestServer.JSON.readTree(
                server.admin("GET", "/admin/tenants/default/clients", null).body());
        for (JsonNode c : clients.get("clients").values()) {
            enabled.put(c.get("id").asString(), c.get("enabled").asBoolean());
        }
        for (String id : answered.clients) {
            if (!enabled.containsKey(id)) {
                lost.merge("clients", 1, Integer::sum);
            }
        }
        for (String id : answered.disabled) {
            if (!Boolean.FALSE.equals(enabled.get(id))) {
                lost.merge("disabled", 1, Integer::sum);
            }
        }
        Set<String> published = new HashSet<>();
        for (JsonNode k : server.get("/tenants/default/jwks").get("keys").values()) {
            published.add(k.get("kid").asString());
        }
        String signing = CrashChild.kid(CrashChild.accessToken(server.token(CrashChild.JWT)));
        for (Map.Entry<String, String> r : answered.revoked.entrySet()) {
            if (published.contains(r.getKey()) || signing.equals(r.getKey()) || server.active(r.getValue())) {
                lost.merge("revoked", 1, Integer::sum);
            }
        }
        return lost;
    }

    private static String tail(Path file) {
        try {
            List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - 20), all.size()));
        } catch (IOException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }
}
