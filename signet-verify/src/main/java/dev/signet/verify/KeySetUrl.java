package dev.signet.verify;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * Which URLs keys may be fetched from: {@code https} anywhere, plain {@code http} only to this
 * machine's loopback interface (where nobody on the path can swap the keys), never with a user
 * name, password or fragment. One rule for every remote key source and every tool that fetches.
 */
public final class KeySetUrl {

    private KeySetUrl() {}

    /**
     * {@code url} as a URI when keys may be fetched from it.
     *
     * @throws IllegalArgumentException saying what is wrong with it, in one line
     */
    public static URI parse(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("'" + url + "' is not a valid URL: " + e.getReason(), e);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http")) {
            throw new IllegalArgumentException("'" + url + "' is not an https URL");
        }
        String host = uri.getHost();
        if (host == null) {
            throw new IllegalArgumentException("'" + url + "' has no host");
        }
        if (uri.getRawUserInfo() != null) {
            throw new IllegalArgumentException("a key set URL must not carry a user name or password");
        }
        if (uri.getRawFragment() != null) {
            throw new IllegalArgumentException("a key set URL must not have a fragment (#...)");
        }
        if (scheme.equals("http") && !isLoopback(host)) {
            throw new IllegalArgumentException("refusing to fetch keys over plain http from " + host
                    + ": anyone on the path could swap them; use https:// (http:// is allowed only for"
                    + " localhost, 127.0.0.1 and [::1])");
        }
        return uri;
    }

    /**
     * Whether {@code host}, as {@link URI#getHost()} gives it, names this machine's loopback
     * interface: {@code localhost}, {@code 127.0.0.1} or {@code [::1]}.
     */
    public static boolean isLoopback(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        return h.equals("localhost") || h.equals("127.0.0.1") || h.equals("[::1]") || h.equals("::1");
    }
}
