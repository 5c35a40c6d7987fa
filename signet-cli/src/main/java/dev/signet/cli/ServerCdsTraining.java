package dev.signet.cli;

import dev.signet.cli.io.FailureReport;
import dev.signet.cli.server.ServerCommand;
import dev.signet.cli.server.ServerRoot;
import java.io.PrintWriter;
import java.io.StringWriter;

/**
 * The training run for {@code signet server}'s class-data-sharing archive ({@code signet-server.jsa},
 * or on JDK 25 and newer its AOT cache, {@code signet-server.aot}; built by {@code ./signet}): the command-line path a
 * plain server start takes
 * ({@link ServerRoot#direct}, here with an invalid setting, so configuration loading and its error
 * report run too), then {@link dev.signet.server.CdsTraining}'s real server run, so the archive holds
 * the classes of both. picocli's own classes (help, usage errors) are left out on purpose: the archive
 * is mapped into every server process, and a plain start never loads them. Not a subcommand: the
 * launcher runs this class by name.
 */
public final class ServerCdsTraining {

    private ServerCdsTraining() {}

    public static void main(String[] args) throws Exception {
        ServerCommand invalid = ServerRoot.direct(new String[] {"server", "--port", "99999"});
        if (invalid == null) {
            throw new IllegalStateException("the plain server command line was not read directly");
        }
        PrintWriter sink = new PrintWriter(new StringWriter());
        int exit;
        try {
            exit = invalid.run(sink, sink);
        } catch (Exception e) {
            exit = FailureReport.failure(e, sink, "signet server", false);
        }
        if (exit == 0) {
            throw new IllegalStateException("an invalid port was accepted");
        }
        dev.signet.server.CdsTraining.main(args);
    }
}
