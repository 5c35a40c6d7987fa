package dev.signet.edge;

/** A configuration value that cannot be used: {@link #key()} names it (e.g. {@code routes[2].require.max-age}). */
public final class EdgeConfigException extends Exception {

    private static final long serialVersionUID = 1L;

    private final String key;

    public EdgeConfigException(String key, String problem) {
        super(key + ": " + problem);
        this.key = key;
    }

    /** The setting at fault, as a path into the YAML document. */
    public String key() {
        return key;
    }
}
