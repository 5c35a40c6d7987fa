package dev.signet.jose.attacks;

import static dev.signet.jose.JoseException.Reason.ALG_NOT_ALLOWED;
import static dev.signet.jose.JoseException.Reason.BAD_SIGNATURE;
import static dev.signet.jose.JoseException.Reason.CRIT_NOT_UNDERSTOOD;
import static dev.signet.jose.JoseException.Reason.KEY_NOT_FOUND;
import static dev.signet.jose.JoseException.Reason.KEY_REJECTED;
import static dev.signet.jose.JoseException.Reason.MALFORMED;
import static dev.signet.jose.JoseException.Reason.TOO_LARGE;
import static dev.signet.jose.attacks.Forge.b64;
import static dev.signet.jose.attacks.Forge.json;
import static dev.signet.jose.attacks.Forge.rejects;
import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.jose.JoseException;
import dev.signet.jose.Jwk;
import dev.signet.jose.Jws;
import dev.signet.jose.JwsAlgorithm;
import dev.signet.jose.JwsHeader;
import dev.signet.jose.JwsJson;
import dev.signet.jose.JwsSigner;
import dev.signet.jose.JwsVerifier;
import dev.signet.jose.KeySource;
import dev.signet.jose.internal.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * JWS JSON serialization (RFC 7515 §7.2): a second header that nothing signs, several signatures
 * nothing binds together, and a larger JSON surface. Each test is an attack on one of them.
 */
class JwsJsonAttackTest {

    /** The payload every forged object carries, Base64URL. */
    private static final String PAYLOAD = b64("{\"sub\":\"alice\",\"admin\":false}");

    private static final String OTHER_PAYLOAD = b64("{\"sub\":\"mallory\",\"admin\":true}");
    private static final String HS256_KID = b64(json("{'alg':'HS256','kid':'hmac-1'}"));

    private static JwsVerifier hmacVerifier() {
        return JwsVerifier.builder(KeySource.of(TrustedIssuer.HMAC)).build();
    }

    /** The issuer's EC and RSA public keys. */
    private static JwsVerifier.Builder publicKeyVerifier() {
        return JwsVerifier.builder(KeySource.of(TrustedIssuer.EC.toPublicJwk(), TrustedIssuer.RSA.toPublicJwk()));
    }

    /** The issuer's correct HS256 MAC over {@code protectedPart '.' payloadPart}. */
    private static String mac(String protectedPart, String payloadPart) {
        return b64(Forge.signature(
                protectedPart + "." + payloadPart,
                JwsAlgorithm.HS256,
                new SecretKeySpec(TrustedIssuer.SECRET, "HmacSHA256")));
    }

    /** The JSON text of {@code members} given as alternating names and values. */
    private static String object(Object... members) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < members.length; i += 2) {
            m.put((String) members[i], members[i + 1]);
        }
        return Json.writeString(m);
    }

    private static Map<String, Object> parsed(String json) throws JoseException {
        return Json.parseObject(json);
    }

    // --- the unprotected header -------------------------------------------------------------

    @Test
    void rejectsAlgOnlyInTheUnprotectedHeader() throws JoseException {
        String flattened = object(
                "payload", PAYLOAD, "header", Map.of("alg", "HS256", "kid", "hmac-1"), "signature", mac("", PAYLOAD));
        String withProtectedKid = object(
                "payload",
                PAYLOAD,
                "protected",
                b64(json("{'kid':'hmac-1'}")),
                "header",
                Map.of("alg", "HS256"),
                "signature",
                mac(b64(json("{'kid':'hmac-1'}")), PAYLOAD));
        String general = object(
                "payload",
                PAYLOAD,
                "signatures",
                List.of(Map.of("header", Map.of("alg", "HS256", "kid", "hmac-1"), "signature", mac("", PAYLOAD))));

        for (String json : List.of(flattened, withProtectedKid, general)) {
            // The MAC is the issuer's own: only the unprotected alg is wrong with these objects.
            String detail = rejects(ALG_NOT_ALLOWED, () -> hmacVerifier().verifyJson(json))
                    .detail();
            assertThat(detail).contains("unprotected");
        }
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{'alg':'HS256'}|{'alg':'HS256'}",
                "{'alg':'HS256'}|{'alg':'none'}",
                "{'alg':'HS256','kid':'hmac-1'}|{'kid':'hmac-1'}",
                "{'alg':'HS256','kid':'hmac-1'}|{'kid':'other'}",
                "{'alg':'HS256','typ':'JWT'}|{'typ':'at+jwt'}",
                "{'alg':'HS256','x':{'a':1}}|{'x':{'b':2}}"
            })
    void rejectsAMemberInBothTheProtectedAndTheUnprotectedHeader(String headers) throws JoseException {
        String[] h = headers.split("\\|", -1);
        String protectedPart = b64(json(h[0]));
        String flattened = object(
                "payload",
                PAYLOAD,
                "protected",
                protectedPart,
                "header",
                parsed(json(h[1])),
                "signature",
                mac(protectedPart, PAYLOAD));

        assertThat(rejects(MALFORMED, () -> hmacVerifier().verifyJson(flattened))
                        .detail())
                .contains("both the protected and the unprotected header");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"{'crit':['tenant'],'tenant':'acme'}", "{'crit':['tenant']}", "{'b64':false}", "{'b64':true}"})
    void rejectsCritOrB64InTheUnprotectedHeader(String unprotected) throws JoseException {
        String flattened = object(
                "payload",
                PAYLOAD,
                "protected",
                HS256_KID,
                "header",
                parsed(json(unprotected)),
                "signature",
                mac(HS256_KID, PAYLOAD));

        assertThat(rejects(MALFORMED, () -> hmacVerifier().verifyJson(flattened))
                        .detail())
                .contains("must be in the protected header");
    }

    @Test
    void rejectsProtectedCritListingAnUnprotectedMember() throws JoseException {
        String protectedPart = b64(json("{'alg':'HS256','kid':'hmac-1','crit':['tenant']}"));
        String flattened = object(
                "payload",
                PAYLOAD,
                "protected",
                protectedPart,
                "header",
                Map.of("tenant", "acme"),
                "signature",
                mac(protectedPart, PAYLOAD));

        rejects(
                MALFORMED,
                () -> JwsVerifier.builder(KeySource.of(TrustedIssuer.HMAC))
                        .understoodCriticalHeaders("tenant")
                        .build()
                        .verifyJson(flattened));
    }

    @Test
    void rejectsProtectedCritThatIsNotUnderstoodAndAcceptsItOnceDeclared() throws JoseException {
        String protectedPart = b64(json("{'alg':'HS256','kid':'hmac-1','crit':['tenant'],'tenant':'acme'}"));
        String flattened =
                object("payload", PAYLOAD, "protected", protectedPart, "signature", mac(protectedPart, PAYLOAD));

        rejects(CRIT_NOT_UNDERSTOOD, () -> hmacVerifier().verifyJson(flattened));
        assertThat(JwsVerifier.builder(KeySource.of(TrustedIssuer.HMAC))
                        .understoodCriticalHeaders("tenant")
                        .build()
                        .verifyJson(flattened)
                        .verifiedSignatures())
                .hasSize(1);
    }

    @Test
    void rejectsAnEmbeddedJwkThatOnlyTheUnprotectedHeaderCarries() throws JoseException {
        Jwk attacker = Jwk.generate(JwsAlgorithm.ES256);
        String protectedPart = b64(json("{'alg':'ES256'}"));
        String signature =
                b64(Forge.signature(protectedPart + "." + PAYLOAD, JwsAlgorithm.ES256, attacker.privateKey()));
        String flattened = object(
                "payload",
                PAYLOAD,
                "protected",
                protectedPart,
                "header",
                Map.of("jwk", attacker.toPublicJwk().members()),
                "signature",
                signature);
        JwsVerifier trusting = publicKeyVerifier().trustEmbeddedJwk().build();

        rejects(KEY_REJECTED, () -> trusting.verifyJson(flattened));
        // Protected, the embedded key is used exactly as in a compact JWS with the same opt-in.
        String protectedJwk = b64(
                Json.write(Map.of("alg", "ES256", "jwk", attacker.toPublicJwk().members())));
        String signed = object(
                "payload",
                PAYLOAD,
                "protected",
                protectedJwk,
                "signature",
                b64(Forge.signature(protectedJwk + "." + PAYLOAD, JwsAlgorithm.ES256, attacker.privateKey())));
        assertThat(trusting.verifyJson(signed).verifiedSignatures().get(0).verifiedKey())
                .isEqualTo(attacker.toPublicJwk());
        // Without the opt-in the embedded key is ignored and the key source has no such key.
        rejects(BAD_SIGNATURE, () -> publicKeyVerifier().build().verifyJson(signed));
    }

    @Test
    void doesNotVerifyWhenTheUnprotectedKidIsSwappedToAnotherTrustedKey() throws JoseException {
        JwsJson signed = JwsJson.builder(PAYLOAD.getBytes(StandardCharsets.US_ASCII))
                .sign(JwsSigner.builder(TrustedIssuer.EC).build(), JwsHeader.builder(), Map.of("kid", "ec-1"))
                .build();
        String toRsa = signed.toFlattenedJson().replace("\"kid\":\"ec-1\"", "\"kid\":\"rsa-1\"");
        String toOtherEc = signed.toFlattenedJson().replace("\"kid\":\"ec-1\"", "\"kid\":\"ec-2\"");
        Jwk otherEc = Jwk.generate(JwsAlgorithm.ES256).withKeyId("ec-2").toPublicJwk();

        assertThat(publicKeyVerifier()
                        .build()
                        .verifyJson(signed.toFlattenedJson())
                        .verifiedSignatures())
                .hasSize(1);
        rejects(ALG_NOT_ALLOWED, () -> publicKeyVerifier().build().verifyJson(toRsa));
        rejects(
                BAD_SIGNATURE,
                () -> JwsVerifier.builder(KeySource.of(TrustedIssuer.EC.toPublicJwk(), otherEc))
                        .build()
                        .verifyJson(toOtherEc));
    }

    // --- several signatures -------------------------------------------------------------------

    /** A general object signed by the issuer's EC key and RSA key. */
    private static JwsJson twoSignatures(byte[] payload) throws JoseException {
        return JwsJson.builder(payload)
                .sign(JwsSigner.builder(TrustedIssuer.EC).build())
                .sign(JwsSigner.builder(TrustedIssuer.RSA).build())
                .build();
    }

    @SuppressWarnings("unchecked")
    private static List<Object> signaturesOf(String general) throws JoseException {
        return new ArrayList<>((List<Object>) parsed(general).get("signatures"));
    }

    @Test
    void noticesAStrippedSignatureOnlyThroughTheVerifiedKeys() throws JoseException {
        String general =
                twoSignatures("pay".getBytes(StandardCharsets.US_ASCII)).toGeneralJson();
        List<Object> signatures = signaturesOf(general);
        String stripped = object("payload", parsed(general).get("payload"), "signatures", signatures.subList(0, 1));

        // Signatures are independent (RFC 7515 §7.2.1): the one left verifies, even requiring all.
        JwsJson verified = publicKeyVerifier().requireAllSignatures().build().verifyJson(stripped);
        assertThat(verified.verifiedSignatures())
                .extracting(s -> s.verifiedKey().keyId())
                .containsExactly("ec-1");
        assertThat(publicKeyVerifier().build().verifyJson(general).verifiedSignatures())
                .extracting(s -> s.verifiedKey().keyId())
                .containsExactly("ec-1", "rsa-1");
    }

    @Test
    void rejectsSignaturesMovedOntoAnotherPayload() throws JoseException {
        String general = twoSignatures("{\"amount\":10}".getBytes(StandardCharsets.UTF_8))
                .toGeneralJson();
        String swapped = object("payload", OTHER_PAYLOAD, "signatures", signaturesOf(general));

        JoseException e =
                rejects(BAD_SIGNATURE, () -> publicKeyVerifier().build().verifyJson(swapped));
        assertThat(e.getSuppressed()).hasSize(2);
        assertThat(e.getMessage()).doesNotContain(OTHER_PAYLOAD);
    }

    @Test
    void neverReportsASignatureTransplantedFromAnotherObject() throws JoseException {
        List<Object> mine = signaturesOf(twoSignatures("{\"amount\":10}".getBytes(StandardCharsets.UTF_8))
                .toGeneralJson());
        List<Object> theirs = signaturesOf(twoSignatures("{\"amount\":99}".getBytes(StandardCharsets.UTF_8))
                .toGeneralJson());
        // My RSA signature stays; the EC one is replaced by the issuer's EC signature over another payload.
        String mixed = object("payload", b64("{\"amount\":10}"), "signatures", List.of(theirs.get(0), mine.get(1)));

        JwsJson verified = publicKeyVerifier().build().verifyJson(mixed);
        assertThat(verified.signatures())
                .extracting(JwsJson.Signature::isVerified)
                .containsExactly(false, true);
        assertThat(verified.signatures().get(0).failure().reason()).isEqualTo(BAD_SIGNATURE);
        rejects(
                BAD_SIGNATURE,
                () -> publicKeyVerifier().requireAllSignatures().build().verifyJson(mixed));
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void neverReportsAForgedSignatureWithAnotherKidNextToAValidOne(boolean forgedFirst) throws JoseException {
        Jwk attacker = Jwk.generate(JwsAlgorithm.ES256);
        String valid = JwsJson.builder(PAYLOAD.getBytes(StandardCharsets.US_ASCII))
                .sign(JwsSigner.builder(TrustedIssuer.EC).build())
                .build()
                .toGeneralJson();
        String payloadPart = (String) parsed(valid).get("payload");
        List<Object> forged = new ArrayList<>();
        for (String header : List.of(
                "{'alg':'ES256','kid':'attacker'}",
                "{'alg':'ES256','kid':'rsa-1'}",
                "{'alg':'RS256','kid':'rsa-1'}",
                "{'alg':'ES256','kid':'ec-1'}")) {
            String p = b64(json(header));
            forged.add(Map.of(
                    "protected",
                    p,
                    "signature",
                    b64(Forge.signature(p + "." + payloadPart, JwsAlgorithm.ES256, attacker.privateKey()))));
        }
        List<Object> signatures = new ArrayList<>(forged);
        if (forgedFirst) {
            signatures.add(signaturesOf(valid).get(0));
        } else {
            signatures.add(0, signaturesOf(valid).get(0));
        }
        String mixed = object("payload", payloadPart, "signatures", signatures);

        JwsJson verified = publicKeyVerifier().build().verifyJson(mixed);

        assertThat(verified.verifiedSignatures()).singleElement().satisfies(s -> {
            assertThat(s.verifiedKey()).isEqualTo(TrustedIssuer.EC.toPublicJwk());
            assertThat(s.header().keyId()).isEqualTo("ec-1");
        });
        int offset = forgedFirst ? 0 : 1;
        assertThat(verified.signatures().subList(offset, offset + 4))
                .extracting(s -> s.failure().reason())
                .containsExactly(KEY_NOT_FOUND, ALG_NOT_ALLOWED, BAD_SIGNATURE, BAD_SIGNATURE);
        assertThat(verified.signatures().subList(offset, offset + 4))
                .allSatisfy(s -> assertThat(s.verifiedKey()).isNull());
        // Requiring all, the first forged signature ends it.
        rejects(
                KEY_NOT_FOUND,
                () -> publicKeyVerifier().requireAllSignatures().build().verifyJson(mixed));
    }

    // --- structure ------------------------------------------------------------------------------

    @Test
    void rejectsAnEmptySignaturesArray() {
        rejects(MALFORMED, () -> hmacVerifier().verifyJson(object("payload", PAYLOAD, "signatures", List.of())));
    }

    @Test
    void rejectsAHugeSignaturesArrayBeforeVerifyingAnySignature() throws JoseException {
        Map<String, Object> one = Map.of("protected", HS256_KID, "signature", mac(HS256_KID, PAYLOAD));
        String seventeen = object("payload", PAYLOAD, "signatures", Collections.nCopies(17, one));
        String tenThousand = object("payload", PAYLOAD, "signatures", Collections.nCopies(10_000, one));
        JwsVerifier noKeyLookups = JwsVerifier.builder(header -> {
                    throw new AssertionError("no key may be looked up for an object over the limit");
                })
                .maxTokenLength(2_000_000)
                .build();

        assertThat(seventeen.length()).isLessThan(Jws.DEFAULT_MAX_LENGTH);
        assertThat(rejects(TOO_LARGE, () -> hmacVerifier().verifyJson(seventeen))
                        .detail())
                .isEqualTo("17 signatures exceed the limit of 16");
        rejects(TOO_LARGE, () -> hmacVerifier().verifyJson(tenThousand));
        rejects(TOO_LARGE, () -> noKeyLookups.verifyJson(tenThousand));
        assertThat(JwsVerifier.builder(KeySource.of(TrustedIssuer.HMAC))
                        .maxJsonSignatures(17)
                        .requireAllSignatures()
                        .build()
                        .verifyJson(seventeen)
                        .verifiedSignatures())
                .hasSize(17);
    }

    /** Valid except for one member: each variant below replaces it. */
    private static final String SIG = mac(HS256_KID, PAYLOAD);

    @ParameterizedTest
    @ValueSource(
            strings = {
                // signatures not an array of objects
                "{'payload':'P','signatures':{'protected':'H','signature':'S'}}",
                "{'payload':'P','signatures':'S'}",
                "{'payload':'P','signatures':null}",
                "{'payload':'P','signatures':1}",
                "{'payload':'P','signatures':['S']}",
                "{'payload':'P','signatures':[['H','S']]}",
                "{'payload':'P','signatures':[null]}",
                // payload not a string
                "{'payload':1,'protected':'H','signature':'S'}",
                "{'payload':1.5e3,'signatures':[{'protected':'H','signature':'S'}]}",
                "{'payload':{'sub':'alice'},'protected':'H','signature':'S'}",
                "{'payload':['P'],'protected':'H','signature':'S'}",
                "{'payload':null,'protected':'H','signature':'S'}",
                "{'payload':true,'protected':'H','signature':'S'}",
                // no payload (detached content needs verifyJsonDetached)
                "{'protected':'H','signature':'S'}",
                // protected not a non-empty Base64URL string
                "{'payload':'P','protected':{'alg':'HS256','kid':'hmac-1'},'signature':'S'}",
                "{'payload':'P','protected':1,'signature':'S'}",
                "{'payload':'P','protected':'','header':{'alg':'HS256'},'signature':'S'}",
                "{'payload':'P','protected':null,'signature':'S'}",
                // header not a non-empty object
                "{'payload':'P','protected':'H','header':'kid','signature':'S'}",
                "{'payload':'P','protected':'H','header':['kid'],'signature':'S'}",
                "{'payload':'P','protected':'H','header':{},'signature':'S'}",
                "{'payload':'P','protected':'H','header':null,'signature':'S'}",
                // signature not a string, or missing
                "{'payload':'P','protected':'H','signature':1}",
                "{'payload':'P','protected':'H','signature':null}",
                "{'payload':'P','protected':'H'}",
                "{'payload':'P','signatures':[{'protected':'H'}]}",
                // no alg anywhere
                "{'payload':'P','header':{'kid':'hmac-1'},'signature':'S'}",
                // typed header members in the unprotected header
                "{'payload':'P','protected':'H','header':{'typ':1},'signature':'S'}",
                "{'payload':'P','protected':'H','header':{'jwk':'k'},'signature':'S'}",
                // general and flattened at once, members RFC 7515 §7.2 does not define, a JWE
                "{'payload':'P','signatures':[{'protected':'H','signature':'S'}],'signature':'S'}",
                "{'payload':'P','signatures':[{'protected':'H','signature':'S'}],'protected':'H'}",
                "{'payload':'P','protected':'H','signature':'S','x':1}",
                "{'payload':'P','signatures':[{'protected':'H','signature':'S','x':1}]}",
                "{'payload':'P','signatures':[{'protected':'H','signature':'S','payload':'P'}]}",
                "{'payload':'P','protected':'H','signature':'S','unprotected':{'kid':'hmac-1'}}",
                "{'protected':'H','ciphertext':'P','iv':'S','tag':'S'}",
                // not an object at all
                "['P','H','S']",
                "'P.H.S'",
                "null"
            })
    void rejectsTypeConfusionInTheJsonStructure(String template) {
        String json = json(template)
                .replace("\"P\"", "\"" + PAYLOAD + "\"")
                .replace("\"H\"", "\"" + HS256_KID + "\"")
                .replace("\"S\"", "\"" + SIG + "\"");

        JoseException e = rejects(MALFORMED, () -> hmacVerifier().verifyJson(json));
        assertThat(e.getMessage()).doesNotContain(SIG).doesNotContain(PAYLOAD);
    }

    @Test
    void theTypeConfusionTemplatesAreValidWhenRepaired() throws JoseException {
        String general = json("{'payload':'P','signatures':[{'protected':'H','signature':'S'}]}");
        String flattened = json("{'payload':'P','protected':'H','signature':'S'}");
        for (String template : List.of(general, flattened)) {
            String json = template.replace("\"P\"", "\"" + PAYLOAD + "\"")
                    .replace("\"H\"", "\"" + HS256_KID + "\"")
                    .replace("\"S\"", "\"" + SIG + "\"");
            assertThat(hmacVerifier().verifyJson(json).verifiedSignatures()).hasSize(1);
        }
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{'payload':'P','payload':'Q','protected':'H','signature':'S'}",
                "{'payload':'Q','payload':'P','protected':'H','signature':'S'}",
                "{'payload':'P','protected':'H','protected':'H','signature':'S'}",
                "{'payload':'P','protected':'H','signature':'S','signature':'S'}",
                "{'payload':'P','protected':'H','header':{'x5u':'a','x5u':'b'},'signature':'S'}",
                "{'payload':'P','signatures':[{'protected':'H','signature':'S'}],'signatures':[]}",
                "{'payload':'P','signatures':[{'protected':'H','signature':'S','signature':'S'}]}",
                "{'payload':'P','signatures':[{'protected':'H','header':{'n':1,'n':2},'signature':'S'}]}"
            })
    void rejectsDuplicateJsonMembers(String template) {
        String json = json(template)
                .replace("\"P\"", "\"" + PAYLOAD + "\"")
                .replace("\"Q\"", "\"" + OTHER_PAYLOAD + "\"")
                .replace("\"H\"", "\"" + HS256_KID + "\"")
                .replace("\"S\"", "\"" + SIG + "\"");

        rejects(MALFORMED, () -> hmacVerifier().verifyJson(json));
    }

    @Test
    void rejectsADuplicateMemberInsideTheProtectedHeader() {
        String protectedPart = b64("{\"alg\":\"HS256\",\"kid\":\"hmac-1\",\"alg\":\"none\"}");
        String flattened =
                object("payload", PAYLOAD, "protected", protectedPart, "signature", mac(protectedPart, PAYLOAD));

        rejects(MALFORMED, () -> hmacVerifier().verifyJson(flattened));
    }

    @Test
    void rejectsSignaturesThatDisagreeOnB64() {
        String encoded = b64(json("{'alg':'HS256','kid':'hmac-1','b64':true,'crit':['b64']}"));
        String unencoded = b64(json("{'alg':'HS256','kid':'hmac-1','b64':false,'crit':['b64']}"));
        String general = object(
                "payload",
                PAYLOAD,
                "signatures",
                List.of(
                        Map.of("protected", encoded, "signature", mac(encoded, PAYLOAD)),
                        Map.of("protected", unencoded, "signature", mac(unencoded, PAYLOAD))));

        assertThat(rejects(MALFORMED, () -> hmacVerifier().verifyJson(general)).detail())
                .contains("b64");
    }

    @Test
    void rejectsAnUnencodedPayloadWithAnUnpairedSurrogate() throws JoseException {
        String unencoded = b64(json("{'alg':'HS256','kid':'hmac-1','b64':false,'crit':['b64']}"));
        // Encoded as UTF-8, the lone surrogate would become '?': the MAC is over "a?b".
        String json = "{\"payload\":\"a\\ud800b\",\"protected\":\"" + unencoded + "\",\"signature\":\""
                + mac(unencoded, "a?b") + "\"}";
        String honest = object("payload", "a?b", "protected", unencoded, "signature", mac(unencoded, "a?b"));

        assertThat(hmacVerifier().verifyJson(honest).payloadText()).isEqualTo("a?b");
        assertThat(rejects(MALFORMED, () -> hmacVerifier().verifyJson(json)).detail())
                .contains("surrogate");
    }

    @ParameterizedTest
    @ValueSource(strings = {"payload", "protected", "signature"})
    void rejectsNonCanonicalBase64Url(String member) throws JoseException {
        Map<String, Object> valid =
                new LinkedHashMap<>(Map.of("payload", PAYLOAD, "protected", HS256_KID, "signature", SIG));
        assertThat(hmacVerifier().verifyJson(Json.writeString(valid)).verifiedSignatures())
                .hasSize(1);
        String value = (String) valid.get(member);

        List<String> variants = new ArrayList<>(List.of(
                value + "=",
                "+" + value.substring(1),
                "/" + value.substring(1),
                value + " ",
                value + "\u00e9",
                value.substring(0, value.length() - 1) + "\u00e9"));
        if (value.length() % 4 != 0) {
            // Unused trailing bits set: decodes to the same bytes, so a second spelling of the same value.
            String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
            int last = alphabet.indexOf(value.charAt(value.length() - 1));
            variants.add(value.substring(0, value.length() - 1) + alphabet.charAt(last ^ 1));
        }
        for (String bad : variants) {
            Map<String, Object> m = new LinkedHashMap<>(valid);
            m.put(member, bad);
            rejects(MALFORMED, () -> hmacVerifier().verifyJson(Json.writeString(m)));
        }
    }

    @Test
    void rejectsAnUnprotectedHeaderNestedDeeperThanAProtectedOneMayBe() throws JoseException {
        Object deep = "x";
        for (int i = 0; i < 16; i++) {
            deep = Map.of("n", deep);
        }
        // {"ext": 16 objects}: the header is 17 levels deep, one more than the default limit of 16.
        Map<String, Object> header = Map.of("ext", deep);
        String tooDeep = object("payload", PAYLOAD, "protected", HS256_KID, "header", header, "signature", SIG);
        String deepest = object(
                "payload",
                PAYLOAD,
                "protected",
                HS256_KID,
                "header",
                Map.of("ext", ((Map<?, ?>) deep).get("n")),
                "signature",
                SIG);
        String general = object(
                "payload",
                PAYLOAD,
                "signatures",
                List.of(Map.of("protected", HS256_KID, "header", header, "signature", SIG)));

        rejects(TOO_LARGE, () -> hmacVerifier().verifyJson(tooDeep));
        rejects(TOO_LARGE, () -> hmacVerifier().verifyJson(general));
        assertThat(hmacVerifier().verifyJson(deepest).verifiedSignatures()).hasSize(1);
    }

    @Test
    void rejectsAnObjectOverTheLengthLimitBeforeParsingIt() throws JoseException {
        String padded = object(
                "payload",
                PAYLOAD,
                "protected",
                HS256_KID,
                "header",
                Map.of("pad", "x".repeat(17_000)),
                "signature",
                SIG);

        assertThat(rejects(TOO_LARGE, () -> hmacVerifier().verifyJson(padded)).detail())
                .contains("16384");
        assertThat(JwsVerifier.builder(KeySource.of(TrustedIssuer.HMAC))
                        .maxTokenLength(20_000)
                        .build()
                        .verifyJson(padded)
                        .verifiedSignatures())
                .hasSize(1);
    }
}
