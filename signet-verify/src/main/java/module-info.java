/**
 * Signet Verify: the resource-server side of Signet. Today it holds the piece every remote key
 * source builds on: fetching a JWK Set within limits.
 */
module dev.signet.verify {
    requires transitive dev.signet.jose;
    requires java.net.http;
    requires com.github.benmanes.caffeine;

    exports dev.signet.verify;
}
