/**
 * Keys: JWK members to JCA keys and back, one class per key type ({@code kty}), with the
 * encodings they travel in (DER, SPKI, PKCS#8, PEM), generation and the RFC 7638 thumbprint.
 */
package dev.signet.jose.internal.keys;
