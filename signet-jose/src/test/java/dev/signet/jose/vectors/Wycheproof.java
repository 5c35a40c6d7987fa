package dev.signet.jose.vectors;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A Project Wycheproof vector file (C2SP/wycheproof {@code testvectors_v1/}, stored gzipped under
 * {@code vectors/wycheproof/testvectors_v1/}): groups of parameters, each with tests that carry an
 * expected result.
 */
final class Wycheproof {

    private Wycheproof() {}

    /** The groups of {@code file} (the upstream name, without {@code .gz}). */
    static List<Group> groups(String file) {
        Map<String, Object> doc = VectorFiles.json("wycheproof/testvectors_v1/" + file + ".gz");
        List<Group> groups = new ArrayList<>();
        for (Object g : VectorFiles.array(doc, "testGroups")) {
            @SuppressWarnings("unchecked")
            Map<String, Object> group = (Map<String, Object>) g;
            List<Vector> tests = new ArrayList<>();
            for (Object t : VectorFiles.array(group, "tests")) {
                @SuppressWarnings("unchecked")
                Map<String, Object> test = (Map<String, Object>) t;
                tests.add(new Vector(test));
            }
            groups.add(new Group(group, List.copyOf(tests)));
        }
        return List.copyOf(groups);
    }

    /** Upstream's verdict on a test. */
    enum Result {
        /** Must verify. */
        VALID,
        /** Must be rejected: the signature, or the key. */
        INVALID,
        /** Either outcome is allowed upstream; the suite decides and asserts its decision. */
        ACCEPTABLE
    }

    /** One test group: shared parameters (key, hash, sizes) and its tests. */
    record Group(Map<String, Object> json, List<Vector> tests) {

        String string(String name) {
            return VectorFiles.string(json, name);
        }

        int integer(String name) {
            return ((Number) json.get(name)).intValue();
        }

        Map<String, Object> object(String name) {
            return VectorFiles.object(json, name);
        }

        boolean has(String name) {
            return json.containsKey(name);
        }
    }

    /** One test: {@code tcId}, inputs, flags and the expected result. */
    record Vector(Map<String, Object> json) {

        long tcId() {
            return ((Number) json.get("tcId")).longValue();
        }

        Result result() {
            return Result.valueOf(VectorFiles.string(json, "result").toUpperCase(Locale.ROOT));
        }

        @SuppressWarnings("unchecked")
        List<String> flags() {
            Object f = json.get("flags");
            return f == null ? List.of() : (List<String>) f;
        }

        String string(String name) {
            return VectorFiles.string(json, name);
        }

        byte[] hex(String name) {
            return VectorFiles.hex(string(name));
        }

        boolean has(String name) {
            return json.containsKey(name);
        }

        /** {@code tcId 7 [invalid] comment {flags}}: what the test report shows. */
        String displayName() {
            String comment = (String) json.getOrDefault("comment", "");
            List<String> flags = flags();
            return "tcId " + tcId() + " [" + result().name().toLowerCase(Locale.ROOT) + "]"
                    + (comment.isEmpty() ? "" : " " + comment) + (flags.isEmpty() ? "" : " " + flags);
        }
    }
}
