/** An example API protected by signet-verify-javalin, used by the gateway tests of signet edge. */
package dev.signet.examples.orders;
