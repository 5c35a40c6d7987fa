package dev.signet.server.identity;

import java.util.List;

/** TOTP second factor (RFC 6238) and recovery codes of a user. */
public interface SecondFactor {

    /** A started enrolment: the secret to show (Base32 and as an {@code otpauth://} URI) before it is confirmed. */
    record Enrolment(String base32Secret, String otpauthUri, String qrCodeSvg) {}

    /** Whether the user has a confirmed TOTP secret. */
    boolean enrolled(String tenant, String userId);

    /** A new secret for a user (not yet in force): nothing changes until {@link #confirm}. */
    Enrolment begin(String tenant, String userId);

    /**
     * Puts {@code base32Secret} in force when {@code code} is valid for it, and returns the ten
     * recovery codes to show once (stored hashed); empty when the code is wrong.
     */
    List<String> confirm(String tenant, String userId, String base32Secret, String code);

    /**
     * Checks a TOTP code or an unused recovery code; each is accepted at most once. Throttled like
     * passwords: false without checking when the account is locked.
     */
    boolean verify(String tenant, String userId, String code, String clientAddress);
}
