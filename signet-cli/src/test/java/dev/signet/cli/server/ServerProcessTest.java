package dev.signet.cli.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code signet server} as its own process: what an operator's service manager sees. */
class ServerProcessTest {

    @TempDir
    Path dir;

    @Test
    void sigtermStopsGracefullyWithOneStopLineAndExitCodeZero() throws Exception {
        Child child = Child.start(dir, Map.of());
        try {
            child.awaitStdout("ready in");
            // SIGTERM on Linux and macOS. Through the handle: Process.destroy() also closes the pipes, and the last
            // lines with them.
            assertThat(child.process.toHandle().destroy()).isTrue();
            assertThat(child.exit()).as(child.toString()).isZero();
            List<String> stops =
                    child.stdout().stream().filter(l -> l.contains("stopped")).toList();
            assertThat(stops).as(child.toString()).hasSize(1);
            assertThat(stops.get(0)).startsWith("signet server stopped in ").contains("audit events written");
        } finally {
            child.process.destroyForcibly();
        }
    }

    /** A server JVM on the test class path, its output read as it comes. */
    static final class Child {
        final Process process;
        private final List<String> out = new ArrayList<>();
        private final List<String> err = new ArrayList<>();

        private final CompletableFuture<Void> pumps;

        private Child(Process process) {
            this.process = process;
            pumps = CompletableFuture.allOf(pump(process.getInputStream(), out), pump(process.getErrorStream(), err));
        }

        /** Waits for the process to end and for its last lines to be read; its exit code. */
        int exit() throws Exception {
            assertThat(process.waitFor(60, TimeUnit.SECONDS))
                    .as("the server stops")
                    .isTrue();
            pumps.get(10, TimeUnit.SECONDS);
            return process.exitValue();
        }

        static Child start(Path dir, Map<String, String> env, String... extra) throws IOException {
            Path data = dir.resolve("data");
            List<String> cmd = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx128m",
                    "-cp",
                    System.getProperty("java.class.path"),
                    "dev.signet.cli.Main",
                    "server",
                    "--port",
                    "0",
                    "--data",
                    data.toString(),
                    "--crypto-provider",
                    "jdk"));
            cmd.addAll(List.of(extra));
            ProcessBuilder pb = new ProcessBuilder(cmd)
                    .directory(Files.createDirectories(dir).toFile());
            pb.environment().keySet().removeIf(k -> k.startsWith("SIGNET_"));
            pb.environment().putAll(env);
            return new Child(pb.start());
        }

        private static CompletableFuture<Void> pump(java.io.InputStream in, List<String> lines) {
            return CompletableFuture.runAsync(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                    for (String l = r.readLine(); l != null; l = r.readLine()) {
                        synchronized (lines) {
                            lines.add(l);
                            lines.notifyAll();
                        }
                    }
                } catch (IOException e) {
                    // the process ended
                }
            });
        }

        List<String> stdout() {
            synchronized (out) {
                return List.copyOf(out);
            }
        }

        List<String> stderr() {
            synchronized (err) {
                return List.copyOf(err);
            }
        }

        /** Waits up to a minute for a line on stdout containing {@code text}. */
        void awaitStdout(String text) throws InterruptedException {
            await(out, text);
        }

        /** Waits up to a minute for a line on stderr containing {@code text}. */
        void awaitStderr(String text) throws InterruptedException {
            await(err, text);
        }

        private void await(List<String> lines, String text) throws InterruptedException {
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            synchronized (lines) {
                while (lines.stream().noneMatch(l -> l.contains(text))) {
                    long left = TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime());
                    if (left <= 0 || pumps.isDone()) {
                        throw new AssertionError("no line with '" + text + "' in " + this);
                    }
                    lines.wait(Math.min(left, 200));
                }
            }
        }

        @Override
        public String toString() {
            return "stdout " + stdout() + "\nstderr " + stderr();
        }
    }
}
