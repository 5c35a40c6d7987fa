package dev.signet.cli.io;

import dev.signet.server.keys.CryptoProviders;

/** The global options every root command carries: {@code signet}'s, and the lean root of {@code signet server}. */
public interface GlobalOptions {

    String DEBUG_DESCRIPTION = "Show stack traces and provider decisions on stderr (also: SIGNET_DEBUG=1).";

    String CRYPTO_PROVIDER_DESCRIPTION = "JCA provider for crypto: auto (ACCP where it loads, else the JDK),"
            + " accp, or jdk. Default: $SIGNET_CRYPTO_PROVIDER, else auto.";

    /** {@code --crypto-provider}, or null when not given. */
    CryptoProviders.Choice cryptoProvider();

    /** {@code --debug} or {@code SIGNET_DEBUG}. */
    boolean debug();
}
