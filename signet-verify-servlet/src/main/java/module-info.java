/** Signet Verify for Jakarta Servlet: a filter that verifies bearer tokens with signet-verify. */
module dev.signet.verify.servlet {
    requires transitive dev.signet.verify;
    requires transitive jakarta.servlet;

    exports dev.signet.verify.servlet;
}
