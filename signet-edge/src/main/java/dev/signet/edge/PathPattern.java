package dev.signet.edge;

import java.util.Arrays;
import java.util.List;

/**
 * A route's path pattern: segments separated by {@code /}, where {@code *} matches exactly one
 * segment and {@code **} zero or more ({@code /orders/**} matches {@code /orders},
 * {@code /orders/} and {@code /orders/7/lines}). Other segments match literally and
 * case-sensitively, against the path as {@link PathNormalizer} left it.
 */
public final class PathPattern {

    private final String text;
    private final List<String> segments;

    private PathPattern(String text, List<String> segments) {
        this.text = text;
        this.segments = segments;
    }

    /**
     * Parses a pattern.
     *
     * @throws IllegalArgumentException when it does not start with {@code /}, holds a dot segment,
     *     a query, a percent sign, or {@code *} inside a segment
     */
    public static PathPattern parse(String pattern) {
        if (pattern == null || !pattern.startsWith("/")) {
            throw new IllegalArgumentException("a path pattern starts with /");
        }
        List<String> segs = Arrays.asList(pattern.substring(1).split("/", -1));
        for (String s : segs) {
            if (s.equals(".") || s.equals("..")) {
                throw new IllegalArgumentException("a path pattern holds no dot segments (. or ..)");
            }
            if (!s.equals("*") && !s.equals("**") && s.indexOf('*') >= 0) {
                throw new IllegalArgumentException(
                        "* and ** stand for whole segments, as in /orders/*/lines or /orders/**");
            }
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (c == '?' || c == '#' || c == '%' || c == '\\' || c <= 0x20 || c >= 0x7f) {
                    throw new IllegalArgumentException("a path pattern holds no '" + c + "' (write the path decoded)");
                }
            }
        }
        for (int i = 1; i < segs.size(); i++) {
            if (segs.get(i).isEmpty() && i < segs.size() - 1) {
                throw new IllegalArgumentException("a path pattern holds no empty segment (//)");
            }
        }
        return new PathPattern(pattern, List.copyOf(segs));
    }

    /** Whether {@code path}, normalised, matches. */
    public boolean matches(String path) {
        return match(0, List.of(path.substring(1).split("/", -1)), 0);
    }

    private boolean match(int p, List<String> path, int s) {
        if (p == segments.size()) {
            return s == path.size();
        }
        String seg = segments.get(p);
        if (seg.equals("**")) {
            for (int k = s; k <= path.size(); k++) {
                if (match(p + 1, path, k)) {
                    return true;
                }
            }
            return false;
        }
        if (s == path.size()) {
            return false;
        }
        if (seg.equals("*") ? path.get(s).isEmpty() : !seg.equals(path.get(s))) {
            return false;
        }
        return match(p + 1, path, s + 1);
    }

    @Override
    public String toString() {
        return text;
    }
}
