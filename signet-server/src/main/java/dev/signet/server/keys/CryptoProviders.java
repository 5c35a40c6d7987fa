package dev.signet.server.keys;

import com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider;
import dev.signet.server.config.ConfigException;
import dev.signet.server.config.Setting;
import dev.signet.server.config.ServerConfig.CryptoProviderChoice;
import java.security.Provider;
import java.security.Security;
import java.security.Signature;

/**
 * Installs the crypto provider the server signs with: the Amazon Corretto Crypto Provider (AWS-LC)
 * where it loads and passes its self-test, otherwise the JDK's own providers.
 */
public final class CryptoProviders {

    private CryptoProviders() {
    }

    /**
     * Applies the choice to this JVM and returns what is in use, e.g. {@code "ACCP 2.5.0"}.
     *
     * @throws ConfigException when {@code accp} was required and cannot be used
     */
    public static String install(CryptoProviderChoice choice) {
        if (choice == CryptoProviderChoice.JDK) {
            Security.removeProvider(AmazonCorrettoCryptoProvider.PROVIDER_NAME);
            return describeJdk();
        }
        String failure = accpFailure();
        if (failure == null) {
            Provider first = Security.getProviders()[0];
            if (!AmazonCorrettoCryptoProvider.PROVIDER_NAME.equals(first.getName())) {
                AmazonCorrettoCryptoProvider.install();
            }
            return "ACCP " + AmazonCorrettoCryptoProvider.INSTANCE.getVersionStr();
        }
        if (choice == CryptoProviderChoice.ACCP) {
            throw new ConfigException(Setting.CRYPTO_PROVIDER.key(), "accp was required but cannot be used here ("
                    + failure + "); allowed values: auto, accp, jdk");
        }
        return describeJdk() + " (ACCP unavailable: " + failure + ")";
    }

    /** Why ACCP cannot be used on this platform, or null when it can. */
    private static String accpFailure() {
        try {
            Throwable error = AmazonCorrettoCryptoProvider.INSTANCE.getLoadingError();
            if (error != null) {
                return error.toString();
            }
            AmazonCorrettoCryptoProvider.INSTANCE.assertHealthy();
            return null;
        } catch (Throwable t) { // NoClassDefFoundError, UnsatisfiedLinkError, failed self-tests
            return t.toString();
        }
    }

    private static String describeJdk() {
        try {
            Provider p = Signature.getInstance("SHA256withECDSA").getProvider();
            return "JDK " + p.getName() + " " + p.getVersionStr();
        } catch (java.security.GeneralSecurityException e) {
            return "JDK";
        }
    }
}
