package dev.signet.cli.about;

import dev.signet.cli.io.CommandFailure;
import dev.signet.cli.io.ExitCode;
import dev.signet.cli.io.SignetVersion;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Prints a shell completion script generated from the command model, so it never falls behind. */
@Command(
        name = "completion",
        mixinStandardHelpOptions = true,
        versionProvider = SignetVersion.class,
        description = "Print a bash completion script (zsh can load it with 'autoload bashcompinit; bashcompinit').",
        footer = {
            "",
            "Examples:",
            "  source <(signet completion bash)",
            "  signet completion bash > /etc/bash_completion.d/signet"
        })
public final class CompletionCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "SHELL", description = "The shell: bash.")
    String shell;

    @Override
    public Integer call() {
        if (!shell.equals("bash")) {
            throw CommandFailure.usage("only bash completion is available (zsh: 'autoload bashcompinit; bashcompinit'"
                    + " first, then source the bash script), not '" + shell + "'");
        }
        PrintWriter out = spec.commandLine().getOut();
        out.print(AutoComplete.bash("signet", spec.root().commandLine()));
        out.flush();
        return ExitCode.OK;
    }
}
