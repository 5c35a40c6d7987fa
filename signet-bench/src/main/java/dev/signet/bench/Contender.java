package dev.signet.bench;

/**
 * One library's way to verify and to sign the fixture token. The benchmarks call the concrete
 * classes; this interface serves the set-up checks in {@link Suite}.
 */
interface Contender {

    /** The library's name in results and messages. */
    String name();

    /**
     * Verifies {@code token} with the library's full JWT validation (signature, times, issuer,
     * audience, type) and returns what it returns; throws when the token is rejected.
     */
    Object verify(String token) throws Exception;

    /** Signs the fixture claims with {@code typ: at+jwt} and the key's {@code kid}. */
    String sign() throws Exception;
}
