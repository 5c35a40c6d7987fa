/**
 * Micrometer counters for signet-verify's outcomes and key-set fetches. Needs
 * {@code io.micrometer:micrometer-core} on the class path (an optional dependency of signet-verify).
 */
package dev.signet.verify.micrometer;
