package dev.signet.server.identity;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * What a new password must be (NIST SP 800-63B §3.1.1.2): at least {@value #MIN_CODE_POINTS}
 * characters, at most {@value #MAX_BYTES} bytes in UTF-8, and not one of the common passwords
 * bundled with the server ({@code identity/common-passwords.txt}, compared without case). No
 * composition rules: length and a blocklist are what resist guessing.
 */
public final class PasswordPolicy {

    public static final int MIN_CODE_POINTS = 12;
    public static final int MAX_BYTES = 1024;

    private static final Set<String> COMMON = load("/identity/common-passwords.txt");

    private PasswordPolicy() {}

    /**
     * Refuses a password that breaks a rule, with a message naming the rule.
     *
     * @param field how the caller names the password, for the message
     * @throws IdentityRuleViolation when the password is not acceptable
     */
    public static String check(String field, String password) {
        if (password == null || password.isEmpty()) {
            throw new IdentityRuleViolation(field, "a password is required");
        }
        int length = password.codePointCount(0, password.length());
        if (length < MIN_CODE_POINTS) {
            throw new IdentityRuleViolation(
                    field, "the password is too short: at least " + MIN_CODE_POINTS + " characters, it has " + length);
        }
        if (password.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            throw new IdentityRuleViolation(
                    field, "the password is too long: at most " + MAX_BYTES + " bytes in UTF-8");
        }
        if (isCommon(password)) {
            throw new IdentityRuleViolation(
                    field, "the password is on the list of common passwords; choose one that is not easily guessed");
        }
        return password;
    }

    /** Whether the password is on the bundled list of common passwords (without regard to case). */
    public static boolean isCommon(String password) {
        return COMMON.contains(password.toLowerCase(Locale.ROOT));
    }

    /** Whether a password could be anyone's at all: sign-in refuses others without looking further. */
    static boolean withinBytes(String password) {
        return password != null
                && password.length() <= MAX_BYTES
                && password.getBytes(StandardCharsets.UTF_8).length <= MAX_BYTES;
    }

    private static Set<String> load(String resource) {
        Set<String> out = new HashSet<>();
        try (InputStream in = PasswordPolicy.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("the common-password list " + resource + " is missing from the jar");
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                String p = line.strip();
                if (!p.isEmpty()) {
                    out.add(p.toLowerCase(Locale.ROOT));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Set.copyOf(out);
    }
}
