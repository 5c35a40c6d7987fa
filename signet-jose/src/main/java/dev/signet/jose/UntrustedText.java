package dev.signet.jose;

/**
 * Renders text that an attacker may have chosen (a {@code kid}, an {@code alg}, a client id) safely
 * inside an error message: at most 64 characters, each one outside printable ASCII, and each quote
 * or backslash, replaced by {@code ?}, and {@code ...} where it was cut. The result can stand in a
 * log line, on a terminal and in an OAuth {@code error_description} (RFC 6749 §5.2 allows only
 * printable ASCII without {@code "} and {@code \}) without moving a cursor or forging a field.
 */
public final class UntrustedText {

    private static final int MAX = 64;

    private UntrustedText() {}

    /** {@code s} made safe to quote in a message; see the class description for the rule. */
    public static String printable(String s) {
        int n = Math.min(s.length(), MAX);
        StringBuilder sb = new StringBuilder(n + 3);
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            sb.append(c < 0x20 || c > 0x7E || c == '"' || c == '\\' ? '?' : c);
        }
        if (s.length() > MAX) {
            sb.append("...");
        }
        return sb.toString();
    }
}
