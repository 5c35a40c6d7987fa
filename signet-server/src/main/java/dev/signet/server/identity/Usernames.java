package dev.signet.server.identity;

import java.text.Normalizer;
import java.util.Locale;

/**
 * The rules of a username: trimmed, 1 to {@value #MAX_CODE_POINTS} characters, no control, format
 * or separator characters other than the space. Two usernames are the same when their keys are:
 * NFKC normalised and case folded (Unicode TR 15 and TR 36: "ＡＬＩＣＥ" and "alice" are one user).
 */
public final class Usernames {

    public static final int MAX_CODE_POINTS = 128;

    private Usernames() {}

    /**
     * The username as stored for display: trimmed and NFC normalised.
     *
     * @throws IdentityRuleViolation when it breaks a rule
     */
    public static String check(String field, String username) {
        if (username == null) {
            throw new IdentityRuleViolation(field, "a username is required");
        }
        String u = Normalizer.normalize(username.strip(), Normalizer.Form.NFC);
        if (u.isEmpty()) {
            throw new IdentityRuleViolation(field, "a username is required");
        }
        int length = u.codePointCount(0, u.length());
        if (length > MAX_CODE_POINTS) {
            throw new IdentityRuleViolation(field, "a username has at most " + MAX_CODE_POINTS + " characters");
        }
        for (int i = 0; i < u.length(); ) {
            int cp = u.codePointAt(i);
            if (!allowed(cp)) {
                throw new IdentityRuleViolation(
                        field,
                        "a username may not hold control, format or line-separator characters (found U+"
                                + String.format(Locale.ROOT, "%04X", cp) + ")");
            }
            i += Character.charCount(cp);
        }
        return u;
    }

    /** Whether {@code username} passes {@link #check} (sign-in looks up nobody for one that does not). */
    public static boolean valid(String username) {
        try {
            check("username", username);
            return true;
        } catch (IdentityRuleViolation e) {
            return false;
        }
    }

    /** The key usernames are compared by: NFKC, then case folded, then NFKC again (the fold may denormalise). */
    public static String key(String username) {
        String u = Normalizer.normalize(username.strip(), Normalizer.Form.NFKC);
        // Upper then lower folds what lower alone leaves apart (e.g. the final sigma, "ß" and "SS").
        u = u.toUpperCase(Locale.ROOT).toLowerCase(Locale.ROOT);
        return Normalizer.normalize(u, Normalizer.Form.NFKC);
    }

    private static boolean allowed(int cp) {
        if (cp == ' ') {
            return true;
        }
        int type = Character.getType(cp);
        return type != Character.CONTROL
                && type != Character.FORMAT
                && type != Character.SURROGATE
                && type != Character.PRIVATE_USE
                && type != Character.UNASSIGNED
                && type != Character.LINE_SEPARATOR
                && type != Character.PARAGRAPH_SEPARATOR
                && type != Character.SPACE_SEPARATOR;
    }
}
