package dev.signet.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/**
 * The training run for {@code signet server}'s class-data-sharing archive ({@code signet-server.jsa},
 * built by {@code ./signet}): the command line a server start parses ({@link ServerRoot}), then
 * {@link dev.signet.server.CdsTraining}'s real server run, so the archive holds the classes of both.
 * Not a subcommand: the launcher runs this class by name.
 */
public final class ServerCdsTraining {

    private ServerCdsTraining() {
    }

    public static void main(String[] args) throws Exception {
        CommandLine cmd = ServerRoot.newCommandLine();
        cmd.setOut(new PrintWriter(new StringWriter()));
        cmd.setErr(new PrintWriter(new StringWriter()));
        cmd.execute("server", "--help");
        cmd.execute("server", "--port", "99999"); // an invalid setting: configuration loading, then exit 2
        dev.signet.server.CdsTraining.main(args);
    }
}
