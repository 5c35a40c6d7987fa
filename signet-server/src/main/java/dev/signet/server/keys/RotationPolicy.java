package dev.signet.server.keys;

import java.time.Duration;

/**
 * When keys change: a new key is published {@code prepublish} (at least one JWKS cache lifetime)
 * before it signs; a key signs for {@code rotationInterval}; a retired key stays published for
 * {@code retention} (the longest token lifetime plus clock skew) so every token it signed can still
 * be verified until it expires.
 */
public record RotationPolicy(Duration rotationInterval, Duration prepublish, Duration retention, Duration jwksMaxAge) {

    public RotationPolicy {
        if (prepublish.compareTo(jwksMaxAge) < 0) {
            throw new IllegalArgumentException(
                    "a key must be published at least one JWKS cache lifetime before it signs");
        }
        if (prepublish.compareTo(rotationInterval) >= 0) {
            throw new IllegalArgumentException("the pre-publication time must be shorter than the rotation interval");
        }
    }
}
