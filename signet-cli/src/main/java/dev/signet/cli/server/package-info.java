/** {@code signet server}: the authorization server, and the lean root that starts it quickly. */
package dev.signet.cli.server;
