package dev.signet.server.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The {@code SIGNET_…} environment variables that nothing reads: a typo there would otherwise be ignored in silence,
 * while the same typo in the file is refused. Each is named with the closest known name, when one is close.
 */
final class UnknownVariables {

    /** Read by the CLI and the launcher, not by the configuration. */
    static final Set<String> OTHERS = Set.of(
            "SIGNET_DEBUG",
            "SIGNET_JAVA_OPTS",
            "SIGNET_SERVER_JAVA_OPTS",
            "SIGNET_CDS",
            "SIGNET_JAR",
            "SIGNET_ADMIN_TOKEN",
            "SIGNET_ADMIN_SERVER",
            "SIGNET_TEST_PG_URL");

    private UnknownVariables() {}

    /** One warning per unknown variable; {@code consulted} are the names the configuration itself reads. */
    static List<String> warnings(Map<String, String> env, Set<String> consulted) {
        Set<String> known = new TreeSet<>(OTHERS);
        for (Setting s : Setting.values()) {
            known.add(s.envVar());
        }
        List<String> out = new ArrayList<>();
        for (String name : new TreeSet<>(env.keySet())) {
            if (!name.startsWith("SIGNET_") || known.contains(name) || consulted.contains(name)) {
                continue;
            }
            String closest = null;
            int best = Integer.MAX_VALUE;
            for (String k : known) {
                int d = distance(name, k);
                if (d < best) {
                    best = d;
                    closest = k;
                }
            }
            out.add("environment variable " + name + " is not a Signet setting and is ignored"
                    + (closest != null && best <= 3 ? "; did you mean " + closest + "?" : ""));
        }
        return out;
    }

    /** Edit distance with transpositions (optimal string alignment): {@code PROT} is one edit from {@code PORT}. */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                int v = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    v = Math.min(v, d[i - 2][j - 2] + 1);
                }
                d[i][j] = v;
            }
        }
        return d[a.length()][b.length()];
    }
}
