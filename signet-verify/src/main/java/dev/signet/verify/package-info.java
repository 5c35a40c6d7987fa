/**
 * Verifying tokens on the resource-server side. {@link dev.signet.verify.RemoteKeySets} holds one
 * {@link dev.signet.verify.RemoteKeySet} per URL (cached, single flight, cool-down after failures);
 * {@link dev.signet.verify.KeySetFetcher} fetches a remote JWK Set within limits;
 * {@link dev.signet.verify.KeySetUrl} decides which URLs keys may come from.
 */
package dev.signet.verify;
