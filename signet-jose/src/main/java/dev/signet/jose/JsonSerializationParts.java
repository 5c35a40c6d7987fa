package dev.signet.jose;

import dev.signet.jose.JoseException.Reason;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The structural checks JWS and JWE JSON serialization share (RFC 7515 §7.2, RFC 7516 §7.2): an
 * object holds only the members its form allows, and the per-signature or per-recipient array is
 * a bounded, non-empty array of such objects.
 */
final class JsonSerializationParts {

    /** One serialization's vocabulary: its members, the other one's (to name a mix-up) and its RFC section. */
    static final class Form {
        private final Set<String> otherMembers;
        private final String otherName;
        private final String rfc;

        Form(Set<String> otherMembers, String otherName, String rfc) {
            this.otherMembers = otherMembers;
            this.otherName = otherName;
            this.rfc = rfc;
        }

        /** Rejects a member {@code object} may not hold, saying so when it belongs to the other serialization. */
        void onlyMembers(Map<String, Object> object, Set<String> allowed, String what) throws JoseException {
            for (String name : object.keySet()) {
                if (!allowed.contains(name)) {
                    throw new JoseException(
                            Reason.MALFORMED,
                            "unexpected member \"" + UntrustedText.printable(name) + "\" in " + what
                                    + (otherMembers.contains(name)
                                            ? " (this is a " + otherName + ")"
                                            : " (" + rfc + ")"));
                }
            }
        }

        /**
         * The objects of the array member {@code member} ("signatures", "recipients"): at least one,
         * at most {@code max}, each holding only {@code allowed} members.
         */
        List<Map<String, Object>> entries(Object value, String member, int max, Set<String> allowed, String what)
                throws JoseException {
            if (!(value instanceof List)) {
                throw new JoseException(Reason.MALFORMED, "\"" + member + "\" must be an array");
            }
            List<?> list = (List<?>) value;
            if (list.isEmpty()) {
                throw new JoseException(Reason.MALFORMED, "\"" + member + "\" is empty");
            }
            if (list.size() > max) {
                throw new JoseException(Reason.TOO_LARGE, list.size() + " " + member + " exceed the limit of " + max);
            }
            List<Map<String, Object>> entries = new ArrayList<>(list.size());
            for (Object o : list) {
                if (!(o instanceof Map)) {
                    throw new JoseException(Reason.MALFORMED, "\"" + member + "\" must hold objects");
                }
                @SuppressWarnings("unchecked")
                Map<String, Object> entry = (Map<String, Object>) o;
                onlyMembers(entry, allowed, what);
                entries.add(entry);
            }
            return entries;
        }
    }

    private JsonSerializationParts() {}
}
