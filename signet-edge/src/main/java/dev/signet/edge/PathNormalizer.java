package dev.signet.edge;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.Optional;

/**
 * Turns the original request target into the one path routes are matched against, or refuses it,
 * so that a route means one thing however a client spells the path.
 *
 * <ol>
 *   <li>The query and fragment are dropped; the path must start with {@code /}.
 *   <li>Percent-encodings of unreserved characters ({@code A-Z a-z 0-9 - . _ ~}) are decoded, and
 *       the hex digits of the others upper-cased (RFC 3986 §6.2.2.1, §6.2.2.2). A {@code %} not
 *       followed by two hex digits is refused.
 *   <li>Runs of {@code /} become one, as nginx's {@code merge_slashes} does; a path that has both an
 *       empty segment and a dot segment is refused, since servers disagree on what it names.
 *   <li>Dot segments are removed (RFC 3986 §5.2.4, §6.2.2.3).
 *   <li>A path that still holds {@code ..}, an encoded {@code /} ({@code %2F}), an encoded or
 *       literal {@code \} ({@code %5C}), an encoded NUL ({@code %00}), a control character or a
 *       character outside ASCII is refused: servers behind the gateway would read it differently.
 * </ol>
 */
public final class PathNormalizer {

    private PathNormalizer() {}

    /** The normalised path of {@code target}, or empty when it is refused. */
    public static Optional<String> normalize(String target) {
        if (target == null) {
            return Optional.empty();
        }
        int end = target.length();
        int q = target.indexOf('?');
        if (q >= 0) {
            end = q;
        }
        int h = target.indexOf('#');
        if (h >= 0 && h < end) {
            end = h;
        }
        String raw = target.substring(0, end);
        if (!raw.startsWith("/")) {
            return Optional.empty();
        }
        StringBuilder decoded = new StringBuilder(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c <= 0x20 || c >= 0x7f || c == '\\') {
                return Optional.empty();
            }
            if (c != '%') {
                decoded.append(c);
                continue;
            }
            if (i + 2 >= raw.length() || hex(raw.charAt(i + 1)) < 0 || hex(raw.charAt(i + 2)) < 0) {
                return Optional.empty();
            }
            char v = (char) (hex(raw.charAt(i + 1)) * 16 + hex(raw.charAt(i + 2)));
            if (unreserved(v)) {
                decoded.append(v);
            } else {
                decoded.append('%').append(raw.substring(i + 1, i + 3).toUpperCase(Locale.ROOT));
            }
            i += 2;
        }
        String path = decoded.toString();
        boolean emptySegments = path.contains("//");
        if (emptySegments) {
            path = path.replaceAll("/{2,}", "/");
        }
        if (hasDotSegment(path)) {
            if (emptySegments) {
                return Optional.empty();
            }
            path = removeDotSegments(path);
        }
        if (path.contains("..") || path.contains("%2F") || path.contains("%5C") || path.contains("%00")) {
            return Optional.empty();
        }
        return Optional.of(path);
    }

    private static boolean hasDotSegment(String path) {
        for (String s : path.split("/", -1)) {
            if (s.equals(".") || s.equals("..")) {
                return true;
            }
        }
        return false;
    }

    /** RFC 3986 §5.2.4 on an absolute path: {@code .} segments go, {@code ..} takes the one before with it. */
    static String removeDotSegments(String path) {
        Deque<String> out = new ArrayDeque<>();
        String[] segs = path.substring(1).split("/", -1);
        for (int i = 0; i < segs.length; i++) {
            String s = segs[i];
            boolean last = i == segs.length - 1;
            if (s.equals(".") || s.equals("..")) {
                if (s.equals("..") && !out.isEmpty()) {
                    out.removeLast();
                }
                if (last) {
                    out.addLast("");
                }
            } else {
                out.addLast(s);
            }
        }
        return "/" + String.join("/", out);
    }

    private static boolean unreserved(char c) {
        return (c >= 'A' && c <= 'Z')
                || (c >= 'a' && c <= 'z')
                || (c >= '0' && c <= '9')
                || c == '-'
                || c == '.'
                || c == '_'
                || c == '~';
    }

    private static int hex(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }
}
