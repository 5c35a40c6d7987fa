/** {@code signet edge}: the forward-auth service in front of a gateway. */
package dev.signet.cli.edge;
