package dev.signet.server.oauth.grant;

import dev.signet.jose.UntrustedText;
import dev.signet.server.oauth.OAuthError;
import dev.signet.server.store.ClientRecord;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** What a token request may be granted of what its client is registered for: scopes and audiences. */
final class ClientAllowance {

    private ClientAllowance() {}

    /** RFC 6749 §3.3: the requested scopes, each allowed to the client; none requested means all it is allowed. */
    static List<String> scopes(ClientRecord client, String requested) {
        if (requested == null) {
            return client.scopes();
        }
        if (requested.isEmpty() || requested.startsWith(" ") || requested.endsWith(" ") || requested.contains("  ")) {
            throw OAuthError.invalidScope("scope must be scope tokens separated by single spaces");
        }
        Set<String> out = new LinkedHashSet<>();
        for (String s : requested.split(" ", -1)) {
            if (!client.scopes().contains(s)) {
                throw OAuthError.invalidScope(
                        "scope '" + UntrustedText.printable(s) + "' is not allowed for this client");
            }
            out.add(s);
        }
        return List.copyOf(out);
    }

    /** RFC 8707 §2: each requested resource must be one of the client's audiences; none means all of them. */
    static List<String> audiences(ClientRecord client, List<String> resources) {
        if (resources.isEmpty()) {
            return client.audiences();
        }
        List<String> out = new ArrayList<>();
        for (String r : resources) {
            if (!client.audiences().contains(r)) {
                throw OAuthError.invalidTarget(
                        "resource '" + UntrustedText.printable(r) + "' is not an audience of this client");
            }
            if (!out.contains(r)) {
                out.add(r);
            }
        }
        return out;
    }
}
