package dev.signet.server.signin;

import dev.signet.server.identity.PasswordSignIn;
import dev.signet.server.identity.SecondFactor;
import dev.signet.server.identity.UserDirectory;
import dev.signet.server.oauth.AuthorizationCodes;
import dev.signet.server.oauth.SessionRevocation;

/**
 * What the sign-in pages need from the rest of the server: clients, users and their credentials,
 * authorization codes, and the revocation of a session's refresh tokens. The composition root
 * passes the real adapters; tests pass fakes.
 */
public record SignInPorts(
        SignInClients clients,
        PasswordSignIn passwords,
        PasswordChange passwordChange,
        SecondFactor secondFactor,
        UserDirectory users,
        AuthorizationCodes codes,
        SessionRevocation revocation) {}
