package dev.signet.jose.vectors;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider;
import dev.signet.jose.JwsAlgorithm;
import java.security.GeneralSecurityException;
import java.security.Provider;
import java.security.Signature;
import java.util.List;
import javax.crypto.Mac;

/**
 * A JCA provider the algorithm suites run under, passed to Signet through its {@code provider}
 * argument: {@code null} (the JDK's usual selection) or ACCP, pinned per call and never installed
 * in the JVM, which other tests share.
 */
record ProviderUnderTest(String name, Provider provider) {

    static List<ProviderUnderTest> all() {
        return List.of(
                new ProviderUnderTest("JDK providers", null),
                new ProviderUnderTest("ACCP", AmazonCorrettoCryptoProvider.INSTANCE));
    }

    /**
     * Why this provider cannot run {@code alg} here, or {@code null} when it can: the JDK must offer
     * it ({@link JwsAlgorithm#isAvailable()}); ACCP must have loaded and must offer {@code engine},
     * the JCA name Signet asks for.
     */
    String unavailable(JwsAlgorithm alg, String engine) {
        if (provider == null) {
            return alg.isAvailable() ? null : alg.identifier() + " is not available on this JDK";
        }
        String notLoaded = notLoaded();
        if (notLoaded != null) {
            return notLoaded;
        }
        return offers(engine) ? null : "ACCP " + provider.getVersionStr() + " offers no " + engine;
    }

    /** Skips the calling test when this is ACCP and its native library did not load here. */
    void assumeLoaded() {
        String notLoaded = notLoaded();
        assumeTrue(notLoaded == null, notLoaded);
    }

    private String notLoaded() {
        Throwable error = provider == null ? null : AmazonCorrettoCryptoProvider.INSTANCE.getLoadingError();
        return error == null ? null : "ACCP did not load: " + error;
    }

    private boolean offers(String engine) {
        try {
            if (engine.startsWith("Hmac")) {
                Mac.getInstance(engine, provider);
            } else {
                Signature.getInstance(engine, provider);
            }
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }
}
