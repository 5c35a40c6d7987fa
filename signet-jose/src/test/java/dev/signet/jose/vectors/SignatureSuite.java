package dev.signet.jose.vectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.junit.jupiter.api.DynamicContainer.dynamicContainer;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import dev.signet.jose.FamilyAccess;
import dev.signet.jose.JoseException;
import dev.signet.jose.Jwk;
import dev.signet.jose.JwsAlgorithm;
import dev.signet.jose.vectors.Wycheproof.Group;
import dev.signet.jose.vectors.Wycheproof.Vector;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.BiPredicate;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;

/**
 * Drives one Wycheproof signature or MAC file through Signet's algorithm-family layer (what
 * {@code JwsVerifier} does once it has the signing input), one dynamic test per vector: upstream
 * {@code valid} must verify, {@code invalid} must be rejected (signature refused, or key refused by
 * {@code Jwk} or by the JWS key checks), and {@code acceptable} must end as the suite decided. A
 * provider exception fails the test: a family returns false for any signature it does not accept.
 */
final class SignatureSuite {

    /** What Signet did with a vector. */
    enum Verdict {
        VERIFIED,
        /** The family returned false. */
        SIGNATURE_REJECTED,
        /** {@code Jwk} refused the key, or the JWS key checks refused it for the algorithm. */
        KEY_REFUSED
    }

    /** The key of a vector: from its group (signatures) or from the test itself (HMAC). */
    @FunctionalInterface
    interface KeyReader {
        Jwk read(Group group, Vector vector) throws JoseException;
    }

    /** Signet's decision where upstream leaves the result open or JWS differs; null: upstream's result. */
    @FunctionalInterface
    interface Policy {
        Decision decide(Group group, Vector vector, ProviderUnderTest provider);
    }

    /** Vectors a provider is known to get wrong, outside Signet; null: none. */
    @FunctionalInterface
    interface ProviderDefect {
        String describe(Group group, Vector vector, ProviderUnderTest provider);
    }

    /** A check of one group's parameters, such as its key. */
    @FunctionalInterface
    interface GroupCheck {
        void check(Group group) throws Exception;
    }

    /**
     * The verdict a vector must get, the reason code when a key is refused ({@code null}: any), and
     * why (shown in the test name).
     */
    record Decision(Verdict verdict, JoseException.Reason reason, String why) {

        static Decision verified(String why) {
            return new Decision(Verdict.VERIFIED, null, why);
        }

        static Decision signatureRejected(String why) {
            return new Decision(Verdict.SIGNATURE_REJECTED, null, why);
        }

        static Decision keyRefused(JoseException.Reason reason, String why) {
            return new Decision(Verdict.KEY_REFUSED, reason, why);
        }
    }

    /** What happened: the verdict, and the reason code when the key was refused. */
    private record Outcome(Verdict verdict, JoseException.Reason reason) {}

    private static final Set<Verdict> REJECTED = EnumSet.of(Verdict.SIGNATURE_REJECTED, Verdict.KEY_REFUSED);

    private final String file;
    private final JwsAlgorithm alg;
    private final String engine;
    private final KeyReader keys;
    private final String signatureMember;
    private BiPredicate<Group, Vector> inScope = (g, v) -> true;
    private Policy policy = (g, v, p) -> null;
    private ProviderDefect defect = (g, v, p) -> null;
    private List<Group> groups;

    /**
     * @param engine the JCA engine Signet asks the provider for (to skip providers without it)
     * @param signatureMember {@code sig}, or {@code tag} for MACs
     */
    SignatureSuite(String file, JwsAlgorithm alg, String engine, String signatureMember, KeyReader keys) {
        this.file = file;
        this.alg = alg;
        this.engine = engine;
        this.signatureMember = signatureMember;
        this.keys = keys;
    }

    /** Runs only the vectors for which {@code scope} holds; the rest are outside JOSE. */
    SignatureSuite inScope(BiPredicate<Group, Vector> scope) {
        this.inScope = scope;
        return this;
    }

    /** Signet's decisions for some vectors (see {@link Policy}). */
    SignatureSuite policy(Policy decisions) {
        this.policy = decisions;
        return this;
    }

    /**
     * A valid vector that {@code defect} describes aborts (shows as skipped, with the description)
     * instead of failing when the provider rejects it; it must still verify wherever the provider
     * gets it right.
     */
    SignatureSuite knownProviderDefect(ProviderDefect defect) {
        this.defect = defect;
        return this;
    }

    String file() {
        return file;
    }

    JwsAlgorithm algorithm() {
        return alg;
    }

    List<Group> groups() {
        if (groups == null) {
            groups = Wycheproof.groups(file);
        }
        return groups;
    }

    /**
     * One test per group for which {@code applies} holds, running {@code check} on the default
     * providers; a single skipped test when the JDK lacks the algorithm.
     */
    DynamicContainer eachGroup(Predicate<Group> applies, GroupCheck check) {
        if (!alg.isAvailable()) {
            return skipped(file, alg.identifier() + " is not available on this JDK");
        }
        List<DynamicTest> tests = new ArrayList<>();
        List<Group> all = groups();
        for (int i = 0; i < all.size(); i++) {
            Group g = all.get(i);
            if (applies.test(g)) {
                tests.add(dynamicTest("group " + i, () -> check.check(g)));
            }
        }
        return dynamicContainer(file, tests);
    }

    private static DynamicContainer skipped(String title, String reason) {
        return dynamicContainer(title, Stream.of(dynamicTest("skipped", () -> assumeTrue(false, reason))));
    }

    /** The suites under each {@link ProviderUnderTest}, one container per provider. */
    static Stream<DynamicNode> underEveryProvider(List<SignatureSuite> suites) {
        return ProviderUnderTest.all().stream()
                .map(p -> dynamicContainer(p.name(), suites.stream().map(s -> s.under(p))));
    }

    /**
     * One container of per-vector tests under {@code provider}; a single skipped test when the
     * provider cannot run the algorithm here (the file is then not even read).
     */
    DynamicContainer under(ProviderUnderTest provider) {
        String title = file + " (" + alg.identifier() + ")";
        String unavailable = provider.unavailable(alg, engine);
        if (unavailable != null) {
            return skipped(title, unavailable);
        }
        List<DynamicTest> tests = new ArrayList<>();
        for (Group g : groups()) {
            for (Vector v : g.tests()) {
                if (!inScope.test(g, v)) {
                    continue;
                }
                Decision d = policy.decide(g, v, provider);
                String knownDefect = defect.describe(g, v, provider);
                String name = v.displayName() + (d == null ? "" : " → " + d.why());
                tests.add(dynamicTest(name, () -> check(g, v, d, knownDefect, provider)));
            }
        }
        return dynamicContainer(title, tests);
    }

    private void check(Group g, Vector v, Decision d, String knownDefect, ProviderUnderTest provider) throws Exception {
        Outcome got = outcome(g, v, provider);
        if (knownDefect != null && v.result() == Wycheproof.Result.VALID) {
            assumeTrue(got.verdict() == Verdict.VERIFIED, () -> provider.name() + ": " + knownDefect);
        }
        if (d != null) {
            assertThat(got.verdict()).as(d.why()).isEqualTo(d.verdict());
            if (d.reason() != null) {
                assertThat(got.reason()).as(d.why()).isEqualTo(d.reason());
            }
            return;
        }
        switch (v.result()) {
            case VALID ->
                assertThat(got.verdict())
                        .as("valid vector (key refused for %s)", got.reason())
                        .isEqualTo(Verdict.VERIFIED);
            case INVALID -> assertThat(got.verdict()).as("invalid vector").isIn(REJECTED);
            default -> fail("acceptable vector without a decision: add one to the suite and to vectors/README.md");
        }
    }

    private Outcome outcome(Group g, Vector v, ProviderUnderTest provider)
            throws JoseException, GeneralSecurityException {
        try {
            Jwk key = keys.read(g, v);
            boolean ok = FamilyAccess.verify(key, alg, v.hex("msg"), v.hex(signatureMember), provider.provider());
            return new Outcome(ok ? Verdict.VERIFIED : Verdict.SIGNATURE_REJECTED, null);
        } catch (JoseException e) {
            if (e.reason() == JoseException.Reason.UNSUPPORTED) {
                // The runtime lacks something: no judgment on the vector.
                throw e;
            }
            return new Outcome(Verdict.KEY_REFUSED, e.reason());
        }
    }
}
