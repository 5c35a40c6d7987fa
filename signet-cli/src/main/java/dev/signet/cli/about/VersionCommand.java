package dev.signet.cli.about;

import dev.signet.cli.io.CommandContext;
import dev.signet.cli.io.ExitCode;
import dev.signet.cli.io.SignetVersion;
import java.io.PrintWriter;
import java.security.GeneralSecurityException;
import java.security.Provider;
import java.security.Signature;
import java.util.List;
import java.util.concurrent.Callable;
import javax.crypto.Cipher;
import javax.crypto.KeyAgreement;
import javax.crypto.Mac;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** Prints the Signet version, the Java runtime, and which JCA provider serves each algorithm family. */
@Command(
        name = "version",
        mixinStandardHelpOptions = true,
        versionProvider = SignetVersion.class,
        description = "Print the Signet version, the Java runtime and the crypto providers in use.")
public final class VersionCommand implements Callable<Integer> {

    /**
     * One JCA service. picocli builds this command at every start of {@code signet}, so the
     * services are listed only when the command runs, no signature of this class names this
     * record, and the lookup is a switch rather than a lambda (a class to load) per service.
     */
    private record Service(String type, String algorithm) {

        /** The provider the JCA picks first for this service, as Signet's own lookups would. */
        private Provider provider() throws GeneralSecurityException {
            return switch (type) {
                case "Signature" -> Signature.getInstance(algorithm).getProvider();
                case "Mac" -> Mac.getInstance(algorithm).getProvider();
                case "KeyAgreement" -> KeyAgreement.getInstance(algorithm).getProvider();
                default -> Cipher.getInstance(algorithm).getProvider();
            };
        }

        /** The provider's name and version, or that the runtime has none. */
        private String describe() {
            try {
                Provider provider = provider();
                return provider.getName() + " " + provider.getVersionStr();
            } catch (GeneralSecurityException e) {
                return "not available";
            }
        }
    }

    /** One representative service per algorithm family (JWS signatures and MACs, JWE key management and content). */
    private static List<Service> services() {
        return List.of(
                new Service("Signature", "SHA256withRSA"),
                new Service("Signature", "RSASSA-PSS"),
                new Service("Signature", "SHA256withECDSA"),
                new Service("Signature", "Ed25519"),
                new Service("Signature", "ML-DSA-65"),
                new Service("Mac", "HmacSHA256"),
                new Service("KeyAgreement", "ECDH"),
                new Service("Cipher", "RSA/ECB/OAEPWithSHA-256AndMGF1Padding"),
                new Service("Cipher", "AES/GCM/NoPadding"));
    }

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        String provider = CommandContext.of(spec).cryptoReady(spec.commandLine().getErr());
        PrintWriter out = spec.commandLine().getOut();
        out.printf("Signet  %s%n", SignetVersion.current());
        out.printf(
                "Java    %s (%s, %s)%n",
                Runtime.version(), System.getProperty("java.vendor"), System.getProperty("java.vm.name"));
        out.printf("        %s%n", System.getProperty("java.home"));
        out.printf("Crypto  %s%n", provider);
        out.println("Providers by algorithm:");
        for (Service service : services()) {
            out.printf("  %-12s  %-37s  %s%n", service.type(), service.algorithm(), service.describe());
        }
        out.flush();
        return ExitCode.OK;
    }
}
