/**
 * Signet Verify: the resource-server side of Signet. Today it holds the remote key source every
 * verifier of a remote issuer builds on: a JWK Set fetched within limits, cached, and shared by URL.
 */
module dev.signet.verify {
    requires transitive dev.signet.jose;
    requires java.net.http;
    requires com.github.benmanes.caffeine;
    requires static com.google.errorprone.annotations;

    exports dev.signet.verify;
}
