package dev.signet.jose.internal;

import dev.signet.jose.UntrustedText;

/** Renders attacker-controlled strings (kid, alg, claim names) safely inside messages. */
public final class Untrusted {

    private Untrusted() {
    }

    /** As {@link UntrustedText#printable(String)}. */
    public static String printable(String s) {
        return UntrustedText.printable(s);
    }
}
