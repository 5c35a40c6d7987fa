package dev.signet.cli.keys;

import dev.signet.cli.io.CommandFailure;
import dev.signet.cli.io.SignetVersion;
import dev.signet.verify.KeySetFetchException;
import dev.signet.verify.KeySetFetcher;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The command line's use of the shared key set fetcher: a URL the user typed is fetched within the
 * same limits the server uses (https only, plain http to loopback, time-outs, size cap, no
 * redirects), and a failure is a usage error (exit 2) with the fetcher's one-line reason.
 */
public final class JwksFetcher {

    /** The fetcher's size cap (the library's own JWK Set limit). */
    public static final int MAX_BYTES = KeySetFetcher.DEFAULT_MAX_BYTES;

    private JwksFetcher() {}

    /** Whether {@code source} is meant as a URL rather than a file name. */
    public static boolean isUrl(String source) {
        String s = source.toLowerCase(Locale.ROOT);
        return s.startsWith("https://") || s.startsWith("http://");
    }

    /** The document at {@code url}; usage failure (exit 2) for a refused URL or a failed fetch. */
    public static String fetch(String url) {
        KeySetFetcher fetcher = KeySetFetcher.builder()
                .userAgent("signet/" + SignetVersion.current())
                .build();
        try {
            return new String(fetcher.fetch(url), StandardCharsets.UTF_8);
        } catch (KeySetFetchException e) {
            String hint = e.location().isPresent() ? "; use that URL if you trust it" : "";
            throw CommandFailure.usage(e.getMessage() + hint, e);
        }
    }
}
