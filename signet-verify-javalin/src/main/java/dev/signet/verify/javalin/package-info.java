/**
 * {@link dev.signet.verify.javalin.BearerTokenHandler}: signet-verify's {@link dev.signet.verify.ResourceGuard}
 * as a Javalin before-handler.
 */
package dev.signet.verify.javalin;
