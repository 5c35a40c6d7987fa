/** {@code signet admin}: a running server's tenants, clients, keys and audit log through its admin API. */
package dev.signet.cli.admin;
