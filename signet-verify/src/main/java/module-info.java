/**
 * Signet Verify: the resource-server side of Signet. A verifier for an API's bearer tokens (issuer
 * routing, remote keys fetched within limits and cached, requirements and their standard challenges).
 */
// Micrometer is optional (only dev.signet.verify.micrometer uses it) and names its module in its manifest.
@SuppressWarnings("requires-automatic")
module dev.signet.verify {
    requires transitive dev.signet.jose;
    requires java.net.http;
    requires com.github.benmanes.caffeine;
    requires static com.google.errorprone.annotations;
    requires static micrometer.core;

    exports dev.signet.verify;
    exports dev.signet.verify.micrometer;
}
