package dev.signet.cli.admin;

import dev.signet.cli.io.CommandFailure;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Reads the parts of an admin API answer a table shows; an answer of another shape is a usage failure, not a crash. */
final class AdminJson {

    private AdminJson() {}

    /** The objects in the array {@code field} of {@code doc}. */
    static List<Map<?, ?>> objects(Map<String, Object> doc, String field) {
        Object v = doc.get(field);
        if (!(v instanceof List<?> list)) {
            throw unexpected(field);
        }
        List<Map<?, ?>> out = new ArrayList<>();
        for (Object o : list) {
            if (!(o instanceof Map<?, ?> m)) {
                throw unexpected(field);
            }
            out.add(m);
        }
        return out;
    }

    private static CommandFailure unexpected(String field) {
        return CommandFailure.usage("the server's answer has no list of " + field + "; is it a signet server of this"
                + " version? (--json shows the answer)");
    }
}
