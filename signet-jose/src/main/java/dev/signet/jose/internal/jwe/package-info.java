/**
 * The primitives JWE composes (RFC 7518 §4, §5, RFC 7516 §4.1.3): content encryption, key
 * wrapping, key agreement, key encryption, password-based key derivation and compression.
 */
package dev.signet.jose.internal.jwe;
