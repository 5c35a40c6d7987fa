/**
 * Verifying tokens on the resource-server side. {@link dev.signet.verify.TokenVerifier} checks an
 * API's bearer tokens against its trusted {@link dev.signet.verify.Issuer}s and gives a
 * {@link dev.signet.verify.Principal}; {@link dev.signet.verify.Requirement} states what a route
 * needs beyond that, and {@link dev.signet.verify.Challenge} is the standard answer to a refusal.
 * Underneath, {@link dev.signet.verify.RemoteKeySets} holds one {@link dev.signet.verify.RemoteKeySet}
 * per URL (cached, single flight, cool-down after failures); {@link dev.signet.verify.KeySetFetcher}
 * fetches a remote JWK Set within limits; {@link dev.signet.verify.KeySetUrl} decides which URLs keys
 * may come from.
 */
package dev.signet.verify;
