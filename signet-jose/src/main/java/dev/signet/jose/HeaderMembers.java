package dev.signet.jose;

import dev.signet.jose.JoseException.Reason;
import dev.signet.jose.internal.json.Json;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The members JWS and JWE headers share (RFC 7515 §4.1, RFC 7516 §4.1), read as the types the specs give them. */
final class HeaderMembers {

    /** Header names registered by RFC 7515 and RFC 7516; {@code crit} may not list them. */
    static final Set<String> REGISTERED = Set.of(
            "alg",
            "jku",
            "jwk",
            "kid",
            "x5u",
            "x5c",
            "x5t",
            "x5t#S256",
            "typ",
            "cty",
            "crit",
            "enc",
            "zip",
            "epk",
            "apu",
            "apv",
            "iv",
            "tag",
            "p2s",
            "p2c");

    private HeaderMembers() {}

    /** A header member that must be a string when present; null when absent. */
    static String string(Map<String, Object> members, String name) throws JoseException {
        if (!members.containsKey(name)) {
            return null;
        }
        Object v = members.get(name);
        if (!(v instanceof String string)) {
            throw new JoseException(Reason.MALFORMED, "header \"" + name + "\" must be a string");
        }
        return string;
    }

    /** Refuses a member that is present but not a JSON object. */
    static void object(Map<String, Object> members, String name) throws JoseException {
        if (members.containsKey(name) && !(members.get(name) instanceof Map)) {
            throw new JoseException(Reason.MALFORMED, "header \"" + name + "\" must be an object");
        }
    }

    /** Refuses a member that is present but not a JSON array. */
    static void array(Map<String, Object> members, String name) throws JoseException {
        if (members.containsKey(name) && !(members.get(name) instanceof List)) {
            throw new JoseException(Reason.MALFORMED, "header \"" + name + "\" must be an array");
        }
    }

    /** The {@code crit} list of a JWS or JWE header (RFC 7515 §4.1.11, RFC 7516 §4.1.13), empty when absent. */
    static List<String> critical(Map<String, Object> members) throws JoseException {
        if (!members.containsKey("crit")) {
            return List.of();
        }
        Object v = members.get("crit");
        if (!(v instanceof List) || ((List<?>) v).isEmpty()) {
            throw new JoseException(Reason.MALFORMED, "header \"crit\" must be a non-empty array (RFC 7515 §4.1.11)");
        }
        Set<String> names = new LinkedHashSet<>();
        for (Object o : (List<?>) v) {
            if (!(o instanceof String n)) {
                throw new JoseException(Reason.MALFORMED, "header \"crit\" must list strings");
            }

            if (REGISTERED.contains(n)) {
                throw new JoseException(Reason.MALFORMED, "header \"crit\" lists the registered name \"" + n + "\"");
            }
            if (!members.containsKey(n)) {
                throw new JoseException(
                        Reason.MALFORMED,
                        "header \"crit\" lists \"" + UntrustedText.printable(n)
                                + "\", which the header does not contain");
            }
            if (!names.add(n)) {
                throw new JoseException(
                        Reason.MALFORMED, "header \"crit\" lists \"" + UntrustedText.printable(n) + "\" twice");
            }
        }
        return List.copyOf(names);
    }

    /** Sets a caller's member of a header being built, a copy of {@code value}; null removes it. */
    static void put(Map<String, Object> members, String name, Object value) {
        if (value == null) {
            members.remove(name);
        } else {
            members.put(name, Json.copyValue(value));
        }
    }
}
