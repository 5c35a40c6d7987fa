package dev.signet.server.oauth.grant;

import dev.signet.jose.UntrustedText;
import dev.signet.server.oauth.OAuthError;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The grants the token endpoint answers, by {@code grant_type}: the one table it dispatches through. */
public final class Grants {

    private final Map<String, Grant> byType;
    private final List<String> types;
    /** The supported types as the {@code unsupported_grant_type} description lists them. */
    private final String supported;

    /** @throws IllegalArgumentException when two grants claim one {@code grant_type} */
    public Grants(List<Grant> grants) {
        Map<String, Grant> m = new LinkedHashMap<>();
        for (Grant g : grants) {
            if (m.putIfAbsent(g.grantType(), g) != null) {
                throw new IllegalArgumentException("two grants for grant_type " + g.grantType());
            }
        }
        this.types = List.copyOf(m.keySet());
        this.byType = Map.copyOf(m);
        this.supported = String.join(", ", types);
    }

    /**
     * The grant {@code grantType} selects.
     *
     * @throws OAuthError {@code unsupported_grant_type} when this server has none by that name
     */
    public Grant require(String grantType) {
        Grant g = byType.get(grantType);
        if (g == null) {
            throw OAuthError.unsupportedGrantType("grant_type '" + UntrustedText.printable(grantType)
                    + "' is not supported; supported: " + supported);
        }
        return g;
    }

    /** Every supported {@code grant_type}, in table order (the discovery document lists them). */
    public List<String> types() {
        return types;
    }
}
