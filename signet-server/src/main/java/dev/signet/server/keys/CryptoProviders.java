package dev.signet.server.keys;

import com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider;
import java.security.GeneralSecurityException;
import java.security.Provider;
import java.security.Security;
import java.security.Signature;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * Puts in place the JCA provider that Signet's crypto runs on, for the server and the command
 * line alike: the Amazon Corretto Crypto Provider (AWS-LC) where its native library loads and
 * passes its self-test, else the JDK's own providers. The library itself stays provider-neutral.
 */
public final class CryptoProviders {

    /** What {@code crypto-provider}, {@code --crypto-provider} and {@code SIGNET_CRYPTO_PROVIDER} accept. */
    public enum Choice {
        /** ACCP where it loads and passes its self-test, else the JDK's providers. */
        AUTO,
        /** ACCP or refuse. */
        ACCP,
        /** The JDK's own providers. */
        JDK;

        /**
         * The choice named by {@code text}, case-insensitively.
         *
         * @throws IllegalArgumentException naming the values allowed
         */
        public static Choice parse(String text) {
            try {
                return valueOf(text.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("must be auto, accp or jdk, not '" + text + "'", e);
            }
        }
    }

    /**
     * What an installation put in place.
     *
     * @param provider short name for labels and logs, e.g. {@code ACCP 2.5.0} or {@code JDK SunEC 17}
     * @param description one line for people, saying what is first in the provider list and why
     * @param accpProblem why ACCP is not in use although it was allowed, or null
     */
    public record Installed(String provider, String description, String accpProblem) {}

    /** ACCP was required and cannot be used on this platform. */
    public static final class Unavailable extends RuntimeException {
        private static final long serialVersionUID = 1L;

        private final String problem;

        Unavailable(String problem) {
            super("the Amazon Corretto Crypto Provider is not available here: " + problem);
            this.problem = problem;
        }

        /** Why ACCP cannot be used. */
        public String problem() {
            return problem;
        }
    }

    private static final String ACCP_NAME = "AmazonCorrettoCryptoProvider";

    private static Installed active;

    private CryptoProviders() {}

    /**
     * Applies {@code choice} to this JVM.
     *
     * @throws Unavailable when {@code accp} was required and cannot be used
     */
    public static Installed install(Choice choice) {
        return install(choice, Accp::install);
    }

    /**
     * As {@link #install(Choice)}, with the step that installs ACCP given: it returns null once ACCP
     * is first and healthy, else why not. Lets a test play a platform where ACCP does not load.
     */
    public static synchronized Installed install(Choice choice, Supplier<String> accp) {
        if (choice == Choice.JDK) {
            Security.removeProvider(ACCP_NAME);
            active = new Installed(jdkProvider(), "JDK providers (" + first() + " first; chosen with jdk)", null);
            return active;
        }
        String problem = accp.get();
        if (problem == null) {
            active = new Installed("ACCP " + Accp.version(), Accp.describe(), null);
            return active;
        }
        if (choice == Choice.ACCP) {
            throw new Unavailable(problem);
        }
        active = new Installed(
                jdkProvider() + " (ACCP unavailable: " + problem + ")",
                "JDK providers (" + first() + " first; ACCP not available: " + problem + ")",
                problem);
        return active;
    }

    /** The last installation in this JVM, or null when nothing installed a provider yet. */
    public static synchronized Installed active() {
        return active;
    }

    private static String first() {
        Provider p = Security.getProviders()[0];
        return p.getName() + " " + p.getVersionStr();
    }

    /** The JDK provider that signs with ECDSA, the algorithm family where the choice matters most. */
    private static String jdkProvider() {
        try {
            Provider p = Signature.getInstance("SHA256withECDSA").getProvider();
            return "JDK " + p.getName() + " " + p.getVersionStr();
        } catch (GeneralSecurityException e) {
            return "JDK";
        }
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
                if (providers.length == 0 || !providers[0].getName().equals(ACCP_NAME)) {
                    Security.removeProvider(accp.getName());
                    Security.insertProviderAt(accp, 1);
                }
                return null;
            } catch (LinkageError | RuntimeException e) { // no native library, failed self-tests
                Security.removeProvider(ACCP_NAME);
                return e.toString();
            }
        }

        static String version() {
            return AmazonCorrettoCryptoProvider.INSTANCE.getVersionStr();
        }

        static String describe() {
            AmazonCorrettoCryptoProvider accp = AmazonCorrettoCryptoProvider.INSTANCE;
            return accp.getName() + " " + accp.getVersionStr() + " (first in the JCA provider list)";
        }
    }
}
