package dev.signet.cli.keys;

/**
 * Where one key is, as the options name it: a file, {@code -} (standard input) or a JWKS URL, or
 * else the environment variable {@code env}. Exactly one of the two is set.
 */
public record KeyLocation(String file, String env) {

    /** The location as messages name it. */
    public String source() {
        return env != null ? "environment variable " + env : file.equals("-") ? "standard input" : file;
    }
}
