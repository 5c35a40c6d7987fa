package dev.signet.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 in the middle of a refresh storm loses no refresh-token family and doubles none: a child
 * JVM ({@link RefreshCrashChild}) signs in and rotates under load and prints every answered sign-in
 * and rotation; the test SIGKILLs it, reopens the store in this JVM and finds that the newest token
 * it was answered for each family still refreshes (a rotation committed whose answer the kill lost
 * is answered again within the client's grace period, with the same successor), that no family was
 * revoked, and that every family is one straight chain (generations 1..n, each once, one live token).
 *
 * <p>Tagged {@code crash} like {@link CrashSafetyTest}.
 */
@Tag("crash")
class RefreshCrashTest {

    @TempDir
    Path dir;

    @Test
    void postgresqlRefreshStormSurvivesKill9() throws Exception {
        String url = TestDatabases.postgres().url();
        cycles(url, url);
    }

    @Test
    void embeddedStoreRefreshStormSurvivesKill9() throws Exception {
        cycles(RefreshCrashChild.EMBEDDED, "jdbc:sqlite:" + dir.resolve("data").resolve("signet.db"));
    }

    private void cycles(String db, String jdbcUrl) throws Exception {
        Path data = dir.resolve("data");
        for (int cycle = 1; cycle <= 2; cycle++) {
            List<String> lines = runAndKill(data, db, cycle);
            Map<String, String> next = new HashMap<>();
            List<String> starts = new ArrayList<>();
            for (String line : lines) {
                String[] f = line.split(" ", -1);
                if (f[0].equals("family")) {
                    starts.add(f[1]);
                } else if (f[0].equals("rotated")) {
                    next.put(f[1], f[2]);
                } else {
                    throw new AssertionError("unknown line from the child: " + line);
                }
            }
            assertThat(starts).as("the child signed in").isNotEmpty();
            assertThat(next).as("the child rotated").isNotEmpty();
            int families;
            try (Server server = RefreshCrashChild.start(data, db)) {
                RefreshCrashChild client = new RefreshCrashChild(server.localUrl());
                int lost = 0;
                for (String t : starts) {
                    String latest = t;
                    while (next.containsKey(latest)) {
                        latest = next.get(latest);
                    }
                    HttpResponse<String> r = client.refresh(latest);
                    if (r.statusCode() != 200) {
                        lost++;
                    }
                }
                System.out.printf(
                        "after kill %d: %d families answered, %d rotations answered; lost %d%n",
                        cycle, starts.size(), next.size(), lost);
                assertThat(lost)
                        .as("families whose newest answered token no longer refreshes")
                        .isZero();
                families = starts.size();
            }
            try (Connection c = DriverManager.getConnection(jdbcUrl);
                    Statement st = c.createStatement()) {
                assertThat(one(st, "SELECT COUNT(*) FROM refresh_families WHERE revoked_at IS NOT NULL"))
                        .as("revoked families")
                        .isZero();
                // committed sign-ins whose answer the kill lost may exist besides the answered ones
                assertThat(one(st, "SELECT COUNT(*) FROM refresh_families"))
                        .isBetween((long) families, (long) families + 8L * cycle);
                assertThat(one(
                                st,
                                "SELECT COUNT(*) FROM (SELECT family_id FROM refresh_tokens WHERE consumed_at IS"
                                        + " NULL GROUP BY family_id HAVING COUNT(*) > 1) x"))
                        .as("families with two live tokens")
                        .isZero();
                assertThat(one(
                                st,
                                "SELECT COUNT(*) FROM (SELECT family_id FROM refresh_tokens GROUP BY family_id"
                                        + " HAVING COUNT(*) <> MAX(generation) OR MIN(generation) <> 1) x"))
                        .as("families that are not one chain 1..n")
                        .isZero();
                assertThat(one(
                                st,
                                "SELECT COUNT(*) FROM refresh_tokens WHERE consumed_at IS NOT NULL AND"
                                        + " successor_hash IS NULL"))
                        .as("consumed tokens without a successor")
                        .isZero();
            }
        }
    }

    private static long one(Statement st, String sql) throws SQLException {
        try (ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Starts the child, lets it storm 1-2.5 s past its first answered rotation, SIGKILLs it; what it printed. */
    private List<String> runAndKill(Path data, String db, int cycle) throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process child = new ProcessBuilder(
                        java.toString(),
                        "-Xmx256m",
                        "-XX:+UseSerialGC",
                        "-cp",
                        System.getProperty("java.class.path"),
                        RefreshCrashChild.class.getName(),
                        data.toString(),
                        db)
                .redirectError(dir.resolve("refresh-child-" + cycle + ".err").toFile())
                .start();
        CompletableFuture<Void> firstRotation = new CompletableFuture<>();
        List<String> lines = Collections.synchronizedList(new ArrayList<>());
        Thread reader = new Thread(() -> {
            try (BufferedReader r =
                    new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                StringBuilder line = new StringBuilder();
                for (int c = r.read(); c != -1; c = r.read()) {
                    if (c != '\n') {
                        line.append((char) c);
                        continue;
                    }
                    String l = line.toString();
                    line.setLength(0);
                    if (!l.startsWith("ready ")) {
                        lines.add(l);
                        if (l.startsWith("rotated ")) {
                            firstRotation.complete(null);
                        }
                    }
                }
            } catch (IOException e) {
                // the pipe closed with the process
            } finally {
                firstRotation.complete(null);
            }
        });
        reader.start();
        try {
            firstRotation.get(90, TimeUnit.SECONDS);
            assertThat(child.isAlive()).as("the child is storming").isTrue();
            Thread.sleep(ThreadLocalRandom.current().nextLong(1_000, 2_500));
        } finally {
            child.destroyForcibly(); // SIGKILL
            assertThat(child.waitFor(10, TimeUnit.SECONDS)).isTrue();
        }
        reader.join(10_000);
        synchronized (lines) {
            return new ArrayList<>(lines);
        }
    }
}
