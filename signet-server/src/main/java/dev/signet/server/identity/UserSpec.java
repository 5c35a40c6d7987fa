package dev.signet.server.identity;

import java.util.List;

/**
 * A user declared in the bootstrap section. The password (and the TOTP secret, when MFA is already
 * enrolled) are read from the environment or a file named in the configuration, never written in
 * it; they are used when the user is created, and an existing user keeps their own.
 */
public record UserSpec(
        String username,
        String password,
        String passwordSource,
        String email,
        String name,
        List<String> roles,
        String totpSecret,
        String totpSource) {

    public UserSpec {
        roles = List.copyOf(roles);
    }

    @Override
    public String toString() {
        // The password and the secret never reach logs through toString.
        return "UserSpec[username=" + username + ", password from " + passwordSource + ", roles=" + roles
                + (totpSecret == null ? "" : ", totp secret from " + totpSource) + "]";
    }
}
