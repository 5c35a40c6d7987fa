package dev.signet.server.identity;

import java.util.List;

/**
 * A person who signs in, as the rest of the server sees them: never the password hash or the
 * second-factor secret. {@code userId} is stable and random (the tokens' {@code sub}); the
 * {@code username} is what they type and may be renamed.
 */
public record UserAccount(
        String tenant,
        String userId,
        String username,
        String email,
        boolean emailVerified,
        String name,
        List<String> roles,
        boolean enabled,
        boolean passwordChangeRequired,
        boolean totpEnrolled) {

    public UserAccount {
        roles = List.copyOf(roles);
    }
}
