package dev.signet.jose.vectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.DynamicContainer.dynamicContainer;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import dev.signet.jose.JoseException;
import dev.signet.jose.JoseException.Reason;
import dev.signet.jose.Jwk;
import dev.signet.jose.JwkSet;
import dev.signet.jose.Jws;
import dev.signet.jose.JwsVerifier;
import dev.signet.jose.KeySource;
import dev.signet.jose.KeyType;
import dev.signet.jose.internal.json.Json;
import dev.signet.jose.vectors.Wycheproof.Group;
import dev.signet.jose.vectors.Wycheproof.Vector;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;

/**
 * Wycheproof's JOSE vectors (compact JWS, JWK and JWK Set handling) through {@link JwsVerifier}
 * with its default algorithm allowlist and the group's keys: {@code valid} must verify,
 * {@code invalid} must end in a {@link JoseException}. Where Signet deliberately differs from
 * upstream the test asserts Signet's reason code and vectors/README.md says why.
 */
class WycheproofJoseTest {

    /** Anything but the Base64URL alphabet and the part separators (RFC 7515 §2, §7.1). */
    private static final Pattern NOT_BASE64URL = Pattern.compile("[^A-Za-z0-9_.-]");

    @TestFactory
    Stream<DynamicNode> jsonWebSignature() {
        return file("json_web_signature_test.json");
    }

    @TestFactory
    Stream<DynamicNode> jsonWebKey() {
        return file("json_web_key_test.json");
    }

    private static Stream<DynamicNode> file(String file) {
        List<Group> groups = Wycheproof.groups(file);
        return ProviderUnderTest.all().stream().map(p -> {
            List<DynamicNode> containers = new ArrayList<>();
            for (Group g : groups) {
                List<DynamicNode> tests = new ArrayList<>();
                for (Vector v : g.tests()) {
                    Divergence d = divergence(g, v);
                    String name = v.displayName() + (d == null ? "" : " → " + d.why());
                    tests.add(dynamicTest(name, () -> {
                        p.assumeLoaded();
                        check(g, v, d, p);
                    }));
                }
                containers.add(dynamicContainer(String.valueOf(g.json().get("comment")), tests));
            }
            return dynamicContainer(p.name() + ": " + file, containers);
        });
    }

    private static void check(Group g, Vector v, Divergence d, ProviderUnderTest p) throws JoseException {
        JwsVerifier.Builder b = JwsVerifier.builder(keys(g));
        if (p.provider() != null) {
            b.provider(p.provider());
        }
        JwsVerifier verifier = b.build();
        String jws = v.string("jws");
        boolean mustVerify = d == null ? v.result() == Wycheproof.Result.VALID : d.reason() == null;
        if (mustVerify) {
            assertThat(verifier.verify(jws).verifiedKey()).isNotNull();
            return;
        }
        Throwable thrown = catchThrowable(() -> verifier.verify(jws));
        assertThat(thrown)
                .as("%s %s: upstream expects a rejection, Signet verified the token", v.string("comment"), v.flags())
                .isInstanceOf(JoseException.class);
        if (d != null) {
            assertThat(((JoseException) thrown).reason()).isEqualTo(d.reason());
        }
    }

    /**
     * Where Signet's verdict differs from upstream's, on purpose: the reason code Signet must
     * reject with, or {@code null} when it must verify. Listed, with the why, in vectors/README.md.
     */
    private record Divergence(Reason reason, String why) {}

    private static Divergence divergence(Group g, Vector v) {
        String jws = v.string("jws");
        if (v.result() == Wycheproof.Result.INVALID && v.flags().contains("DuplicateKid")) {
            // The second key's "k" is non-canonical Base64URL (unused bits set), so the JWK Set
            // skips it as malformed (RFC 7517 §5) and one key remains. Two well-formed keys sharing
            // a kid are refused: KeySetPolicyTest#rejectsTwoKeysSharingTheTokensKid.
            return new Divergence(null, "verifies: the duplicate key is malformed and skipped");
        }
        if (v.result() == Wycheproof.Result.INVALID) {
            // Upstream defect: tcIds 367 and 370 ("invalidBase64Padding…") carry exactly the token
            // of the valid tcId 357, so they verify like it.
            for (Vector twin : g.tests()) {
                if (twin.result() == Wycheproof.Result.VALID
                        && twin.string("jws").equals(jws)) {
                    return new Divergence(null, "verifies: upstream defect, same token as valid tcId " + twin.tcId());
                }
            }
            return null;
        }
        if (v.result() != Wycheproof.Result.VALID) {
            return null;
        }
        if (NOT_BASE64URL.matcher(jws).find()) {
            // RFC 4648 §3.3: decoders MUST reject characters outside the alphabet; upstream expects
            // them skipped and the MAC recomputed over the cleaned token.
            return new Divergence(Reason.MALFORMED, "Signet rejects: character outside Base64URL");
        }
        String keyAlg = (String) keyMembers(g).get(0).get("alg");
        try {
            String headerAlg = Jws.parseUnverified(jws).header().algorithm();
            if (keyAlg != null && !keyAlg.equals(headerAlg)) {
                // RFC 7517 §4.4: the JWK's alg binds the key (the "ES521" keys of RFC 7520 Figure 27,
                // the PS256 key upstream pairs with the PS384 Figure 20).
                return new Divergence(
                        Reason.ALG_NOT_ALLOWED,
                        "Signet rejects: JWK alg " + keyAlg + " is not the" + " header's " + headerAlg);
            }
        } catch (JoseException e) {
            // Not parseable: no divergence to declare, the plain expectation applies.
        }
        return null;
    }

    /**
     * The group's verification keys as a JWK Set parsed like any published one (unusable keys
     * skipped): {@code public} when present, else the public view of {@code private}, where an
     * {@code oct} key is its own (secret) verification key.
     */
    private static KeySource keys(Group g) throws JoseException {
        if (g.has("public")) {
            return KeySource.of(JwkSet.parse(jwkSet(g.object("public"))));
        }
        List<Jwk> keys = new ArrayList<>();
        for (Jwk k : JwkSet.parse(jwkSet(g.object("private"))).keys()) {
            keys.add(k.keyType() == KeyType.OCT ? k : k.toPublicJwk());
        }
        return KeySource.of(JwkSet.of(keys));
    }

    /** A JWK Set document for a member holding one JWK or a JWK Set. */
    private static String jwkSet(Map<String, Object> jwkOrSet) {
        return Json.writeString(jwkOrSet.containsKey("keys") ? jwkOrSet : Map.of("keys", List.of(jwkOrSet)));
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> keyMembers(Group g) {
        Map<String, Object> m = g.object(g.has("public") ? "public" : "private");
        return m.containsKey("keys") ? (List<Map<String, Object>>) m.get("keys") : List.of(m);
    }
}
