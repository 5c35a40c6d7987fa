/**
 * JWS signature algorithms (RFC 7518 §3, RFC 8037 §3.1, ML-DSA): one class per family behind
 * {@link dev.signet.jose.internal.jws.SignatureFamily}.
 */
package dev.signet.jose.internal.jws;
