/** Key options and the reading of keys from files, standard input, the environment and JWKS URLs. */
package dev.signet.cli.keys;
