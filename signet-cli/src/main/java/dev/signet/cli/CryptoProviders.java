package dev.signet.cli;

import com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider;
import java.io.PrintWriter;
import java.security.Provider;
import java.security.Security;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * Chooses the JCA provider the CLI's crypto runs on: the Amazon Corretto Crypto Provider (AWS-LC)
 * where its native library loads and passes its self-test, else the JDK's own providers.
 * The choice is made once per process, and only by commands that do crypto.
 */
final class CryptoProviders {

    /** What {@code --crypto-provider} and {@code SIGNET_CRYPTO_PROVIDER} accept. */
    enum Choice {
        AUTO, ACCP, JDK;

        static Choice parse(String text, String from) {
            try {
                return valueOf(text.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw CommandFailure.usage(from + " must be auto, accp or jdk, not '" + text + "'");
            }
        }
    }

    static final String ENV = "SIGNET_CRYPTO_PROVIDER";
    private static final String ACCP_NAME = "AmazonCorrettoCryptoProvider";

    private static String active;

    private CryptoProviders() {
    }

    /** The option when given, else the environment variable, else {@code auto}. */
    static Choice choose(Choice option, String env) {
        if (option != null) {
            return option;
        }
        return env == null || env.isBlank() ? Choice.AUTO : Choice.parse(env, ENV);
    }

    /**
     * Puts the chosen provider in place and returns a one-line description of it.
     *
     * @throws CommandFailure when {@code accp} was asked for and cannot be used
     */
    static String install(Choice choice, PrintWriter err, boolean debug) {
        return install(choice, err, debug, Accp::install);
    }

    /** As {@link #install(Choice, PrintWriter, boolean)}; {@code accp} installs ACCP and says why it could not. */
    static synchronized String install(Choice choice, PrintWriter err, boolean debug, Supplier<String> accp) {
        if (choice == Choice.JDK) {
            Security.removeProvider(ACCP_NAME);
            active = "JDK providers (" + first() + " first; chosen with jdk)";
            return active;
        }
        String problem = accp.get();
        if (problem == null) {
            active = Accp.describe();
            return active;
        }
        if (choice == Choice.ACCP) {
            throw CommandFailure.usage("the Amazon Corretto Crypto Provider is not available here: " + problem
                    + "; use --crypto-provider jdk or auto");
        }
        if (debug) {
            err.println("signet: Amazon Corretto Crypto Provider not used (" + problem + "); using the JDK's providers");
            err.flush();
        }
        active = "JDK providers (" + first() + " first; ACCP not available: " + problem + ")";
        return active;
    }

    /** The description of the last installation, or null when no command installed one yet. */
    static synchronized String active() {
        return active;
    }

    private static String first() {
        Provider p = Security.getProviders()[0];
        return p.getName() + " " + p.getVersionStr();
    }

    /** Kept apart so the ACCP classes (and its native library) load only when this path runs. */
    private static final class Accp {
        /** Null when ACCP is installed first and healthy, else why not. */
        static String install() {
            try {
                AmazonCorrettoCryptoProvider accp = AmazonCorrettoCryptoProvider.INSTANCE;
                Throwable loading = accp.getLoadingError();
                if (loading != null) {
                    return "its native library did not load: " + loading;
                }
                accp.assertHealthy();
                Provider[] providers = Security.getProviders();
                if (providers.length == 0 || providers[0] != accp) {
                    Security.removeProvider(accp.getName());
                    Security.insertProviderAt(accp, 1);
                }
                return null;
            } catch (LinkageError | RuntimeException e) {
                Security.removeProvider(ACCP_NAME);
                return e.toString();
            }
        }

        static String describe() {
            AmazonCorrettoCryptoProvider accp = AmazonCorrettoCryptoProvider.INSTANCE;
            return accp.getName() + " " + accp.getVersionStr() + " (first in the JCA provider list)";
        }
    }
}
