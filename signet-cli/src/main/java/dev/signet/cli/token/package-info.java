/** The token commands: keygen, sign, verify, inspect, encrypt, decrypt, jwks and thumbprint. */
package dev.signet.cli.token;
