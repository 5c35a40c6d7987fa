package dev.signet.server.identity;

import java.util.Optional;

/** Looks users up by their stable id: what token grants, userinfo and sessions need of them. */
@FunctionalInterface
public interface UserDirectory {

    /** The user {@code userId} of {@code tenant}, or empty when there is none (deleted, or never). */
    Optional<UserAccount> find(String tenant, String userId);
}
