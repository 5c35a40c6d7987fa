/**
 * {@link dev.signet.verify.servlet.BearerTokenFilter}: signet-verify's {@link dev.signet.verify.ResourceGuard}
 * as a Jakarta Servlet filter.
 */
package dev.signet.verify.servlet;
