package dev.signet.verify.micrometer;

import dev.signet.verify.TokenRejected;
import dev.signet.verify.VerificationEvents;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.util.Locale;
import java.util.Objects;

/**
 * Records a verifier's {@link VerificationEvents} as Micrometer counters:
 *
 * <ul>
 *   <li>{@code signet.verify.tokens} with {@code issuer} (a configured issuer, or {@code untrusted}),
 *       {@code outcome} ({@code accepted}, or the {@link TokenRejected.Reason} in lower case) and
 *       {@code source} ({@code cache} for answers of the verified-token cache, else {@code check});
 *   <li>{@code signet.verify.keys.fetches} with {@code host} (of the key set's URL) and
 *       {@code outcome} ({@code ok}, {@code failed}, or {@code refused} when the fetch bounds did
 *       not let it start).
 * </ul>
 *
 * Every tag value comes from the configuration or a fixed set, never from a token, so the number
 * of series stays bounded whatever the callers send.
 */
public final class MicrometerVerificationEvents implements VerificationEvents {

    /** The counter of verification outcomes. */
    public static final String TOKENS = "signet.verify.tokens";
    /** The counter of key-set fetches. */
    public static final String FETCHES = "signet.verify.keys.fetches";

    private final MeterRegistry registry;

    @SuppressWarnings("exports") // the application that passes a registry reads Micrometer itself
    public MicrometerVerificationEvents(MeterRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
    }

    @Override
    public void accepted(String issuer, boolean fromCache) {
        tokens(issuer, "accepted", fromCache ? "cache" : "check").increment();
    }

    @Override
    public void rejected(String issuer, TokenRejected.Reason reason) {
        tokens(issuer == null ? "untrusted" : issuer, reason.name().toLowerCase(Locale.ROOT), "check")
                .increment();
    }

    @Override
    public void keysFetched(URI uri) {
        fetches(uri, "ok").increment();
    }

    @Override
    public void keysFetchFailed(URI uri, boolean refused) {
        fetches(uri, refused ? "refused" : "failed").increment();
    }

    private Counter tokens(String issuer, String outcome, String source) {
        return Counter.builder(TOKENS)
                .description("Bearer tokens verified, by issuer and outcome")
                .tag("issuer", issuer)
                .tag("outcome", outcome)
                .tag("source", source)
                .register(registry);
    }

    private Counter fetches(URI uri, String outcome) {
        return Counter.builder(FETCHES)
                .description("Fetches of issuers' key sets, by host and outcome")
                .tag("host", uri.getHost() == null ? "" : uri.getHost())
                .tag("outcome", outcome)
                .register(registry);
    }
}
