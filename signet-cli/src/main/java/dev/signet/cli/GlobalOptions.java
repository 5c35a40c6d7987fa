package dev.signet.cli;

import dev.signet.server.keys.CryptoProviders;
/** The global options every root command carries ({@link Main}, and {@link ServerRoot} for {@code signet server}). */
interface GlobalOptions {

    /** {@code --crypto-provider}, or null when not given. */
    CryptoProviders.Choice cryptoProvider();

    /** {@code --debug} or {@code SIGNET_DEBUG}. */
    boolean debug();
}
