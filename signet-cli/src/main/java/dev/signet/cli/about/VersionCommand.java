package dev.signet.cli.about;

import dev.signet.cli.io.ExitCode;
import dev.signet.cli.io.CommandContext;
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

    /** Finds the provider the JCA picks first for an algorithm, as Signet's own lookups would. */
    @FunctionalInterface
    private interface Lookup {
        Provider providerOf(String algorithm) throws GeneralSecurityException;
    }

    private record Service(String type, String algorithm, Lookup lookup) {}

    /** One representative service per algorithm family (JWS signatures and MACs, JWE key management and content). */
    private static final List<Service> SERVICES = List.of(
            new Service("Signature", "SHA256withRSA", a -> Signature.getInstance(a).getProvider()),
            new Service("Signature", "RSASSA-PSS", a -> Signature.getInstance(a).getProvider()),
            new Service("Signature", "SHA256withECDSA", a -> Signature.getInstance(a).getProvider()),
            new Service("Signature", "Ed25519", a -> Signature.getInstance(a).getProvider()),
            new Service("Signature", "ML-DSA-65", a -> Signature.getInstance(a).getProvider()),
            new Service("Mac", "HmacSHA256", a -> Mac.getInstance(a).getProvider()),
            new Service("KeyAgreement", "ECDH", a -> KeyAgreement.getInstance(a).getProvider()),
            new Service("Cipher", "RSA/ECB/OAEPWithSHA-256AndMGF1Padding", a -> Cipher.getInstance(a).getProvider()),
            new Service("Cipher", "AES/GCM/NoPadding", a -> Cipher.getInstance(a).getProvider()));

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        String provider = CommandContext.of(spec).cryptoReady(spec.commandLine().getErr());
        PrintWriter out = spec.commandLine().getOut();
        out.printf("Signet  %s%n", SignetVersion.current());
        out.printf("Java    %s (%s, %s)%n",
                Runtime.version(), System.getProperty("java.vendor"), System.getProperty("java.vm.name"));
        out.printf("        %s%n", System.getProperty("java.home"));
        out.printf("Crypto  %s%n", provider);
        out.println("Providers by algorithm:");
        for (Service service : SERVICES) {
            out.printf("  %-12s  %-37s  %s%n", service.type(), service.algorithm(), describe(service));
        }
        out.flush();
        return ExitCode.OK;
    }

    private static String describe(Service service) {
        try {
            Provider provider = service.lookup().providerOf(service.algorithm());
            return provider.getName() + " " + provider.getVersionStr();
        } catch (GeneralSecurityException e) {
            return "not available";
        }
    }
}
