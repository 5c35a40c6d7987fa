/** Signet Verify for Javalin: a before-handler that verifies bearer tokens with signet-verify. */
module dev.signet.verify.javalin {
    requires transitive dev.signet.verify;
    requires transitive io.javalin;

    exports dev.signet.verify.javalin;
}
