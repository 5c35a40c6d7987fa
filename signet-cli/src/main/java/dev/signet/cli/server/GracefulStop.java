package dev.signet.cli.server;

import dev.signet.cli.io.ExitCode;
import java.util.function.Consumer;

/**
 * What SIGTERM (or Ctrl-C) does to a running {@code signet server}: the server stops accepting, lets the requests in
 * flight finish (up to Jetty's stop timeout), writes the queued audit events and closes the database; then one line
 * says so and the process exits 0. The JVM would otherwise end a process stopped by a signal with 128 + the signal
 * (143 for SIGTERM), which service managers and orchestrators report as a failure.
 */
final class GracefulStop {

    private final Thread hook;

    private GracefulStop(Thread hook) {
        this.hook = hook;
    }

    /**
     * Installs the shutdown hook.
     *
     * @param close stops the server (HTTP first, then the audit writer, then the database)
     * @param stopped receives the one stop line
     * @param flush flushes the streams the lines went to, before the process ends
     */
    static GracefulStop install(Runnable close, Consumer<String> stopped, Runnable flush) {
        Thread hook = new Thread(
                () -> {
                    long started = System.nanoTime();
                    int code = ExitCode.OK;
                    try {
                        close.run();
                        stopped.accept("signet server stopped in " + (System.nanoTime() - started) / 1_000_000
                                + " ms: requests in flight finished, audit events written");
                    } catch (RuntimeException e) {
                        stopped.accept("signet server stopped, but not cleanly: " + e);
                        code = ExitCode.ERROR;
                    } finally {
                        flush.run();
                    }
                    // The stop was asked for and has been carried out: exit with this code, not 143. Nothing is left
                    // for other hooks to do (the server's parts are closed), so ending here loses nothing.
                    Runtime.getRuntime().halt(code);
                },
                "signet-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        return new GracefulStop(hook);
    }

    /** Removes the hook when the server is stopped another way (tests release the command's latch). */
    void uninstall() {
        Runtime.getRuntime().removeShutdownHook(hook);
    }
}
