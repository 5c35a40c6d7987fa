package dev.signet.jose.internal;

/** The size limits every parser of untrusted tokens accepts from its builder, checked one way. */
public final class Limits {

    /** Deeper documents would overflow the thread's stack: the parser recurses once per level. */
    public static final int MAX_JSON_DEPTH = 1000;

    private Limits() {
    }

    /** A maximum token length in characters; at least 16. */
    public static int tokenLength(int chars) {
        if (chars < 16) {
            throw new IllegalArgumentException("maxTokenLength too small: " + chars);
        }
        return chars;
    }

    /** A maximum JSON nesting depth; between 1 and {@value #MAX_JSON_DEPTH}. */
    public static int jsonDepth(int depth) {
        if (depth < 1 || depth > MAX_JSON_DEPTH) {
            throw new IllegalArgumentException("maxJsonDepth must be between 1 and 1000");
        }
        return depth;
    }
}
