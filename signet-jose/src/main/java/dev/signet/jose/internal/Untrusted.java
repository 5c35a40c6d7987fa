package dev.signet.jose.internal;

/** Renders attacker-controlled strings (kid, alg, claim names) safely inside messages. */
public final class Untrusted {

    private static final int MAX = 64;

    private Untrusted() {
    }

    /** At most 64 characters, control characters replaced by '?', an ellipsis when cut. */
    public static String printable(String s) {
        StringBuilder sb = new StringBuilder(Math.min(s.length(), MAX) + 1);
        for (int i = 0; i < s.length() && i < MAX; i++) {
            char c = s.charAt(i);
            sb.append(c < 0x20 || c == 0x7f || Character.isSurrogate(c) ? '?' : c);
        }
        if (s.length() > MAX) {
            sb.append('…');
        }
        return sb.toString();
    }
}
