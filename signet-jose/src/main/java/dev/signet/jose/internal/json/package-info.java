/** Strict JSON for untrusted JOSE documents: duplicate members refused, depth and size bounded. */
package dev.signet.jose.internal.json;
