package dev.signet.server.oauth;

/** Renders untrusted request text inside an error description: at most 64 characters, no control characters or quotes. */
public final class Untrusted {

    private Untrusted() {
    }

    public static String printable(String s) {
        String cut = s.length() > 64 ? s.substring(0, 64) + "…" : s;
        StringBuilder b = new StringBuilder(cut.length());
        cut.codePoints().forEach(c -> b.appendCodePoint(c < 0x20 || c == 0x7F || c == '"' || c == '\\' ? '?' : c));
        return b.toString();
    }
}
