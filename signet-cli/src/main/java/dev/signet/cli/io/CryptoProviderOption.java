package dev.signet.cli.io;

import dev.signet.server.keys.CryptoProviders;
import dev.signet.server.keys.CryptoProviders.Choice;
import java.io.PrintWriter;
import java.util.function.Supplier;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * The command line's side of the crypto provider choice: {@code --crypto-provider} beats
 * {@code SIGNET_CRYPTO_PROVIDER}, which beats {@code auto}; a fallback is said under
 * {@code --debug} only, and a required ACCP that cannot load is a usage error naming the way out.
 * The choice is made once per process, and only by commands that do crypto.
 */
public final class CryptoProviderOption {

    static final String ENV = "SIGNET_CRYPTO_PROVIDER";

    private CryptoProviderOption() {}

    /** The choice {@code text} names; usage failure (exit 2) naming {@code from} otherwise. */
    public static Choice parse(String text, String from) {
        try {
            return Choice.parse(text);
        } catch (IllegalArgumentException e) {
            throw CommandFailure.usage(from + " " + e.getMessage());
        }
    }

    /** The option when given, else the environment variable, else {@code auto}. */
    static Choice choose(Choice option, String env) {
        if (option != null) {
            return option;
        }
        return env == null || env.isBlank() ? Choice.AUTO : parse(env, ENV);
    }

    /**
     * Puts the chosen provider in place and returns a one-line description of it.
     *
     * @throws CommandFailure when {@code accp} was asked for and cannot be used
     */
    static String install(Choice choice, PrintWriter err, boolean debug) {
        return report(() -> CryptoProviders.install(choice), err, debug);
    }

    /** As {@link #install(Choice, PrintWriter, boolean)}, with the step that installs ACCP given. */
    static String install(Choice choice, PrintWriter err, boolean debug, Supplier<String> accp) {
        return report(() -> CryptoProviders.install(choice, accp), err, debug);
    }

    private static String report(Supplier<CryptoProviders.Installed> install, PrintWriter err, boolean debug) {
        CryptoProviders.Installed installed;
        try {
            installed = install.get();
        } catch (CryptoProviders.Unavailable e) {
            throw CommandFailure.usage(e.getMessage() + "; use --crypto-provider jdk or auto");
        }
        if (debug && installed.accpProblem() != null) {
            err.println("signet: Amazon Corretto Crypto Provider not used (" + installed.accpProblem()
                    + "); using the JDK's providers");
            err.flush();
        }
        return installed.description();
    }

    /** Converts {@code --crypto-provider}'s value, with the same message as a bad environment value. */
    public static final class Converter implements ITypeConverter<Choice> {
        @Override
        public Choice convert(String value) {
            try {
                return parse(value, "--crypto-provider");
            } catch (CommandFailure e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
