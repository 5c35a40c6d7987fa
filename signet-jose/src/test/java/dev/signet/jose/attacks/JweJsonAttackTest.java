package dev.signet.jose.attacks;

import static dev.signet.jose.JoseException.Reason.ALG_NOT_ALLOWED;
import static dev.signet.jose.JoseException.Reason.CRIT_NOT_UNDERSTOOD;
import static dev.signet.jose.JoseException.Reason.DECRYPTION_FAILED;
import static dev.signet.jose.JoseException.Reason.KEY_NOT_FOUND;
import static dev.signet.jose.JoseException.Reason.KEY_REJECTED;
import static dev.signet.jose.JoseException.Reason.MALFORMED;
import static dev.signet.jose.JoseException.Reason.TOO_LARGE;
import static dev.signet.jose.attacks.Forge.b64;
import static dev.signet.jose.attacks.Forge.json;
import static dev.signet.jose.attacks.Forge.rejects;
import static dev.signet.jose.attacks.TrustedIssuer.unchecked;
import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.jose.Base64Url;
import dev.signet.jose.ContentEncryption;
import dev.signet.jose.DecryptionKeySource;
import dev.signet.jose.JoseException;
import dev.signet.jose.JweAlgorithm;
import dev.signet.jose.JweDecrypter;
import dev.signet.jose.JweEncrypter;
import dev.signet.jose.JweJson;
import dev.signet.jose.Jwk;
import dev.signet.jose.internal.json.Json;
import dev.signet.jose.internal.jwe.AesGcm;
import dev.signet.jose.internal.jwe.AesKeyWrap;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.spec.OAEPParameterSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * JWE JSON serialization (RFC 7516 §7.2): two headers nothing authenticates, several recipients
 * nothing binds to each other, external AAD and a larger JSON surface. Each test is an attack on
 * one of them. Forged objects are cryptographically correct unless the attack is on the
 * cryptography, so that each rejection comes from the rule under test, not from the tag.
 */
class JweJsonAttackTest {

    /** The 16-byte A128KW key of {@link TrustedRecipient#KW}, raw. */
    private static final byte[] KEK =
            unchecked(() -> TrustedRecipient.KW.secretKey().getEncoded());
    /** The CEK of the forged A128KW objects (A256GCM). */
    private static final byte[] CEK = TrustedIssuer.sha256("signet attack tests: a JSON CEK");

    private static final String WRAPPED = b64(wrap(KEK, CEK));
    private static final String KW_HEADER = "{'alg':'A128KW','kid':'kw-1'}";
    private static final String ENC = b64(json("{'enc':'A256GCM'}"));
    private static final byte[] IV = new byte[12];

    private static byte[] wrap(byte[] kek, byte[] cek) {
        try {
            return AesKeyWrap.wrap(kek, cek);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JweDecrypter kwDecrypter() {
        return TrustedRecipient.decrypter(JweAlgorithm.A128KW, ContentEncryption.A256GCM, TrustedRecipient.KW)
                .build();
    }

    private static JweDecrypter dirDecrypter() {
        return TrustedRecipient.decrypter(JweAlgorithm.DIR, ContentEncryption.A256GCM, TrustedRecipient.DIR)
                .build();
    }

    private static Map<String, Object> map(Object... members) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < members.length; i += 2) {
            if (members[i + 1] != null) {
                m.put((String) members[i], members[i + 1]);
            }
        }
        return m;
    }

    private static Map<String, Object> parsed(String singleQuotedJson) {
        return unchecked(() -> Json.parseObject(json(singleQuotedJson)));
    }

    /**
     * {@code iv}, {@code ciphertext} and {@code tag} members of A256GCM content sealed with
     * {@code cek}, authenticating {@code protectedPart} (may be null) and {@code aadPart} (may be
     * null) as RFC 7516 §5.1 step 14 says.
     */
    private static Map<String, Object> content(byte[] cek, String protectedPart, String aadPart, byte[] plaintext) {
        String head = protectedPart == null ? "" : protectedPart;
        String aad = aadPart == null ? head : head + "." + aadPart;
        try {
            byte[][] sealed = AesGcm.encrypt(cek, IV, aad.getBytes(StandardCharsets.US_ASCII), plaintext);
            return map("iv", b64(IV), "ciphertext", b64(sealed[0]), "tag", b64(sealed[1]));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A correct flattened object: the shared members, then {@code header}/{@code encrypted_key}, then the content. */
    private static String flattened(
            byte[] cek,
            String protectedPart,
            Map<String, Object> unprotected,
            Map<String, Object> header,
            String encryptedKey,
            byte[] plaintext) {
        Map<String, Object> m = map(
                "protected",
                protectedPart,
                "unprotected",
                unprotected,
                "header",
                header,
                "encrypted_key",
                encryptedKey);
        m.putAll(content(cek, protectedPart, null, plaintext));
        return Json.writeString(m);
    }

    /** A correct flattened A128KW object under {@link TrustedRecipient#KW}. */
    private static String kwFlattened(
            String protectedPart, Map<String, Object> unprotected, Map<String, Object> header) {
        return flattened(CEK, protectedPart, unprotected, header, WRAPPED, TrustedRecipient.PLAINTEXT);
    }

    // --- headers nothing authenticates -----------------------------------------------------------

    @Test
    void rejectsEncOnlyInAnUnprotectedHeader() throws JoseException {
        String dirKid = "{'alg':'dir','kid':'dir-1'}";
        String noProtectedHeader = flattened(
                TrustedRecipient.DIR_SECRET,
                null,
                parsed("{'alg':'dir','kid':'dir-1','enc':'A256GCM'}"),
                null,
                null,
                TrustedRecipient.PLAINTEXT);
        String protectedKidSharedEnc = flattened(
                TrustedRecipient.DIR_SECRET,
                b64(json("{'kid':'dir-1'}")),
                parsed("{'enc':'A256GCM'}"),
                parsed("{'alg':'dir'}"),
                null,
                TrustedRecipient.PLAINTEXT);
        String perRecipientEnc = flattened(
                TrustedRecipient.DIR_SECRET,
                b64(json("{'kid':'dir-1'}")),
                null,
                parsed("{'alg':'dir','enc':'A256GCM'}"),
                null,
                TrustedRecipient.PLAINTEXT);
        String general = Json.writeString(map(
                        "unprotected",
                        parsed("{'enc':'A256GCM'}"),
                        "recipients",
                        List.of(map("header", parsed(dirKid)))))
                .replace(
                        "}]}",
                        "}],"
                                + Json.writeString(content(
                                                TrustedRecipient.DIR_SECRET, null, null, TrustedRecipient.PLAINTEXT))
                                        .substring(1));

        for (String forged : List.of(noProtectedHeader, protectedKidSharedEnc, perRecipientEnc, general)) {
            // The content is sealed with the recipient's own dir key: only the unprotected enc is wrong.
            assertThat(rejects(ALG_NOT_ALLOWED, () -> dirDecrypter().decryptJson(forged))
                            .detail())
                    .contains("enc")
                    .contains("unprotected");
        }
        // The same content under a protected enc decrypts.
        String honest =
                flattened(TrustedRecipient.DIR_SECRET, ENC, null, parsed(dirKid), null, TrustedRecipient.PLAINTEXT);
        assertThat(dirDecrypter().decryptJson(honest).plaintext()).isEqualTo(TrustedRecipient.PLAINTEXT);
    }

    @ParameterizedTest
    @ValueSource(strings = {"unprotected", "header"})
    void rejectsZipOutsideTheProtectedHeader(String where) {
        byte[] deflated = JweForge.deflate(TrustedRecipient.PLAINTEXT);
        Map<String, Object> zip = parsed("{'zip':'DEF'}");
        Map<String, Object> header = new LinkedHashMap<>(parsed(KW_HEADER));
        if (where.equals("header")) {
            header.putAll(zip);
        }
        String forged = flattened(CEK, ENC, where.equals("unprotected") ? zip : null, header, WRAPPED, deflated);

        assertThat(rejects(MALFORMED, () -> kwDecrypter().decryptJson(forged)).detail())
                .contains("\"zip\" must be in the protected header");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                // protected | shared unprotected | per-recipient (besides alg and kid)
                "{'enc':'A256GCM','typ':'a'}|{'typ':'b'}|{}",
                "{'enc':'A256GCM','typ':'a'}|{}|{'typ':'b'}",
                "{'enc':'A256GCM'}|{'typ':'a'}|{'typ':'a'}",
                "{'enc':'A256GCM','kid':'kw-1'}|{}|{}",
                "{'enc':'A256GCM','alg':'A128KW'}|{}|{}",
                "{'enc':'A256GCM'}|{'kid':'kw-1'}|{}",
                "{'enc':'A256GCM'}|{'alg':'A128KW'}|{}",
                "{'enc':'A256GCM'}|{'enc':'A256GCM'}|{}",
                "{'enc':'A256GCM'}|{}|{'enc':'A256GCM'}",
                "{'enc':'A256GCM','x':{'a':1}}|{'x':{'b':2}}|{}"
            })
    void rejectsANameInTwoHeaders(String headers) {
        String[] h = headers.split("\\|", -1);
        String protectedPart = b64(json(h[0]));
        Map<String, Object> own = new LinkedHashMap<>(parsed(KW_HEADER));
        own.putAll(parsed(h[2]));
        Map<String, Object> shared = parsed(h[1]);
        String forged = kwFlattened(protectedPart, shared.isEmpty() ? null : shared, own);

        assertThat(rejects(MALFORMED, () -> kwDecrypter().decryptJson(forged)).detail())
                .contains("is in both the");
    }

    @ParameterizedTest
    @ValueSource(strings = {"unprotected", "header"})
    void rejectsCritOutsideTheProtectedHeader(String where) {
        Map<String, Object> crit = parsed("{'crit':['tenant'],'tenant':'acme'}");
        Map<String, Object> header = new LinkedHashMap<>(parsed(KW_HEADER));
        if (where.equals("header")) {
            header.putAll(crit);
        }
        String forged = kwFlattened(ENC, where.equals("unprotected") ? crit : null, header);
        JweDecrypter understanding = TrustedRecipient.decrypter(
                        JweAlgorithm.A128KW, ContentEncryption.A256GCM, TrustedRecipient.KW)
                .understoodCriticalHeaders("tenant")
                .build();

        assertThat(rejects(MALFORMED, () -> understanding.decryptJson(forged)).detail())
                .contains("\"crit\" must be in the protected header");
    }

    @Test
    void rejectsProtectedCritListingAnUnprotectedMemberOrNotUnderstood() throws JoseException {
        String critTenant = b64(json("{'enc':'A256GCM','crit':['tenant']}"));
        String sharedTenant = kwFlattened(critTenant, parsed("{'tenant':'acme'}"), parsed(KW_HEADER));
        Map<String, Object> ownTenant = new LinkedHashMap<>(parsed(KW_HEADER));
        ownTenant.put("tenant", "acme");
        String recipientTenant = kwFlattened(critTenant, null, ownTenant);
        String protectedTenant =
                kwFlattened(b64(json("{'enc':'A256GCM','crit':['tenant'],'tenant':'acme'}")), null, parsed(KW_HEADER));
        JweDecrypter understanding = TrustedRecipient.decrypter(
                        JweAlgorithm.A128KW, ContentEncryption.A256GCM, TrustedRecipient.KW)
                .understoodCriticalHeaders("tenant")
                .build();

        rejects(MALFORMED, () -> understanding.decryptJson(sharedTenant));
        rejects(MALFORMED, () -> understanding.decryptJson(recipientTenant));
        rejects(CRIT_NOT_UNDERSTOOD, () -> kwDecrypter().decryptJson(protectedTenant));
        assertThat(understanding.decryptJson(protectedTenant).plaintext()).isEqualTo(TrustedRecipient.PLAINTEXT);
    }

    @Test
    void rejectsAnInvalidCurveEpkInAPerRecipientHeader() throws JoseException {
        JweEncrypter toEc = TrustedRecipient.encrypter(
                        TrustedRecipient.EC, JweAlgorithm.ECDH_ES_A256KW, ContentEncryption.A256GCM)
                .build();
        Map<String, Object> flat = Json.parseObject(JweJson.builder(TrustedRecipient.PLAINTEXT)
                .recipient(toEc)
                .build()
                .toFlattenedJson());
        @SuppressWarnings("unchecked")
        Map<String, Object> header = new LinkedHashMap<>((Map<String, Object>) flat.get("header"));
        @SuppressWarnings("unchecked")
        Map<String, Object> epk = new LinkedHashMap<>((Map<String, Object>) header.get("epk"));
        byte[] y = Base64Url.decode((String) epk.get("y"));
        y[y.length - 1] ^= 1; // (x, y') is off the curve
        epk.put("y", b64(y));
        header.put("epk", epk);
        Map<String, Object> forged = new LinkedHashMap<>(flat);
        forged.put("header", header);
        JweDecrypter decrypter = TrustedRecipient.decrypter(
                        JweAlgorithm.ECDH_ES_A256KW, ContentEncryption.A256GCM, TrustedRecipient.EC)
                .build();

        assertThat(decrypter.decryptJson(Json.writeString(flat)).plaintext()).isEqualTo(TrustedRecipient.PLAINTEXT);
        rejects(KEY_REJECTED, () -> decrypter.decryptJson(Json.writeString(forged)));
    }

    // --- several recipients ----------------------------------------------------------------------

    private static final Jwk OTHER_KW = unchecked(() ->
            Jwk.fromSecret(Arrays.copyOf(TrustedIssuer.sha256("other"), 16)).withKeyId("kw-2"));

    /** A general object to {@link TrustedRecipient#KW} (kid kw-1) and another A128KW key (kid kw-2). */
    private static String twoKwRecipients(boolean oursFirst) throws JoseException {
        JweEncrypter ours = TrustedRecipient.encrypter(
                        TrustedRecipient.KW, JweAlgorithm.A128KW, ContentEncryption.A256GCM)
                .build();
        JweEncrypter theirs = TrustedRecipient.encrypter(OTHER_KW, JweAlgorithm.A128KW, ContentEncryption.A256GCM)
                .build();
        return JweJson.builder(TrustedRecipient.PLAINTEXT)
                .recipient(oursFirst ? ours : theirs)
                .recipient(oursFirst ? theirs : ours)
                .build()
                .toGeneralJson();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> recipientsOf(String general) throws JoseException {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Object r : (List<Object>) Json.parseObject(general).get("recipients")) {
            out.add(new LinkedHashMap<>((Map<String, Object>) r));
        }
        return out;
    }

    private static String withRecipients(String general, List<Map<String, Object>> recipients) throws JoseException {
        Map<String, Object> m = new LinkedHashMap<>(Json.parseObject(general));
        m.put("recipients", recipients);
        return Json.writeString(m);
    }

    @Test
    void rejectsARecipientWhoseEncryptedKeyWasSwapped() throws JoseException {
        String general = twoKwRecipients(true);
        List<Map<String, Object>> r = recipientsOf(general);
        Object mine = r.get(0).get("encrypted_key");
        r.get(0).put("encrypted_key", r.get(1).get("encrypted_key"));
        r.get(1).put("encrypted_key", mine);
        String swapped = withRecipients(general, r);

        assertThat(kwDecrypter().decryptJson(general).plaintext()).isEqualTo(TrustedRecipient.PLAINTEXT);
        JoseException e = rejects(DECRYPTION_FAILED, () -> kwDecrypter().decryptJson(swapped));
        assertThat(e.getSuppressed())
                .extracting(s -> ((JoseException) s).reason())
                .containsExactly(DECRYPTION_FAILED, KEY_NOT_FOUND);
    }

    @Test
    void rejectsAnEncryptedKeyReplacedByTheAttackersOwnCekWrappedToThePublicKey() throws Exception {
        JweEncrypter toRsa = TrustedRecipient.encrypter(
                        TrustedRecipient.RSA, JweAlgorithm.RSA_OAEP_256, ContentEncryption.A256GCM)
                .build();
        String flat = JweJson.builder(TrustedRecipient.PLAINTEXT)
                .recipient(toRsa)
                .build()
                .toFlattenedJson();
        // Anyone can encrypt a CEK of their choosing to the recipient's public key; the content is still sealed
        // with the sender's CEK, so the tag must fail.
        Cipher oaep = Cipher.getInstance("RSA/ECB/OAEPPadding");
        oaep.init(
                Cipher.ENCRYPT_MODE,
                TrustedRecipient.RSA.publicKey(),
                new OAEPParameterSpec(
                        "SHA-256",
                        "MGF1",
                        java.security.spec.MGF1ParameterSpec.SHA256,
                        javax.crypto.spec.PSource.PSpecified.DEFAULT));
        Map<String, Object> forged = new LinkedHashMap<>(Json.parseObject(flat));
        forged.put("encrypted_key", b64(oaep.doFinal(new byte[32])));
        String fromAnotherJwe = JweJson.builder("another".getBytes(StandardCharsets.UTF_8))
                .recipient(toRsa)
                .build()
                .toFlattenedJson();
        Map<String, Object> transplanted = new LinkedHashMap<>(Json.parseObject(flat));
        transplanted.put("encrypted_key", Json.parseObject(fromAnotherJwe).get("encrypted_key"));
        JweDecrypter decrypter = TrustedRecipient.decrypter(
                        JweAlgorithm.RSA_OAEP_256, ContentEncryption.A256GCM, TrustedRecipient.RSA)
                .build();

        String attackersCek = rejects(DECRYPTION_FAILED, () -> decrypter.decryptJson(Json.writeString(forged)))
                .getMessage();
        String anotherJwesCek = rejects(DECRYPTION_FAILED, () -> decrypter.decryptJson(Json.writeString(transplanted)))
                .getMessage();
        assertThat(attackersCek).isEqualTo(anotherJwesCek);
    }

    @Test
    void neverDecryptsThroughARecipientTransplantedFromAnotherObject() throws JoseException {
        String mine = twoKwRecipients(true);
        String theirs = JweJson.builder("{\"secret\":\"attacker's\"}".getBytes(StandardCharsets.UTF_8))
                .recipient(
                        TrustedRecipient.encrypter(TrustedRecipient.KW, JweAlgorithm.A128KW, ContentEncryption.A256GCM)
                                .build())
                .build()
                .toGeneralJson();
        List<Map<String, Object>> r = recipientsOf(mine);
        r.add(0, recipientsOf(theirs).get(0)); // to the same key, wrapping another CEK

        JweJson jwe = kwDecrypter().decryptJson(withRecipients(mine, r));

        // The transplanted recipient's CEK fails the tag; the genuine one, next, opens the genuine content.
        assertThat(jwe.plaintext()).isEqualTo(TrustedRecipient.PLAINTEXT);
        assertThat(jwe.decryptedRecipient()).isSameAs(jwe.recipients().get(1));
        r.remove(1);
        rejects(DECRYPTION_FAILED, () -> kwDecrypter().decryptJson(withRecipients(mine, r)));
    }

    /**
     * Not defended, by design of RFC 7516: every recipient learns the one CEK, so one recipient can
     * put content of its own under it, and the others decrypt that content as if the sender wrote it.
     */
    @Test
    void aRecipientCanReplaceTheContentForTheOthersUnderTheSharedCek() throws Exception {
        String general = twoKwRecipients(true);
        Map<String, Object> m = new LinkedHashMap<>(Json.parseObject(general));
        // Recipient kw-2 unwraps the CEK with its own key, then seals its own content under it.
        byte[] cek = AesKeyWrap.unwrap(OTHER_KW.secretKey().getEncoded(), Base64Url.decode((String)
                recipientsOf(general).get(1).get("encrypted_key")));
        byte[] forgedPlaintext = "{\"secret\":\"written by kw-2\"}".getBytes(StandardCharsets.UTF_8);
        m.putAll(content(cek, (String) m.get("protected"), null, forgedPlaintext));

        JweJson jwe = kwDecrypter().decryptJson(Json.writeString(m));

        assertThat(jwe.plaintext()).isEqualTo(forgedPlaintext);
        assertThat(jwe.decryptedRecipient().header().keyId()).isEqualTo("kw-1");
    }

    @Test
    void wrongKeyAndTamperedContentAreOneRejectionWhicheverRecipientIsOurs() throws JoseException {
        for (boolean oursFirst : new boolean[] {true, false}) {
            String general = twoKwRecipients(oursFirst);
            Map<String, Object> m = new LinkedHashMap<>(Json.parseObject(general));
            byte[] tag = Base64Url.decode((String) m.get("tag"));
            tag[0] ^= 1;
            m.put("tag", b64(tag));
            String flippedTag = Json.writeString(m);
            Jwk wrongKey = unchecked(() -> Jwk.fromSecret(new byte[16]).withKeyId("kw-1"));
            JweDecrypter wrong = TrustedRecipient.decrypter(JweAlgorithm.A128KW, ContentEncryption.A256GCM, wrongKey)
                    .build();

            String badTag = rejects(DECRYPTION_FAILED, () -> kwDecrypter().decryptJson(flippedTag))
                    .getMessage();
            String badKey =
                    rejects(DECRYPTION_FAILED, () -> wrong.decryptJson(general)).getMessage();
            assertThat(badTag).isEqualTo(badKey);
        }
    }

    @Test
    void passesOverRecipientsWhoseAlgIsNotAllowed() throws JoseException {
        JweEncrypter rsa15 = TrustedRecipient.encrypter(
                        TrustedRecipient.RSA, JweAlgorithm.RSA1_5, ContentEncryption.A256GCM)
                .allowInsecureRsa1_5()
                .build();
        JweEncrypter kw = TrustedRecipient.encrypter(
                        TrustedRecipient.KW, JweAlgorithm.A128KW, ContentEncryption.A256GCM)
                .build();
        String general = JweJson.builder(TrustedRecipient.PLAINTEXT)
                .recipient(rsa15)
                .recipient(kw)
                .build()
                .toGeneralJson();
        JweDecrypter kwAndRsaOaep = JweDecrypter.builder(
                        DecryptionKeySource.of(TrustedRecipient.RSA, TrustedRecipient.KW))
                .algorithms(JweAlgorithm.A128KW, JweAlgorithm.RSA_OAEP_256)
                .encryptions(ContentEncryption.A256GCM)
                .build();
        JweDecrypter rsaOaepOnly = TrustedRecipient.decrypter(
                        JweAlgorithm.RSA_OAEP_256, ContentEncryption.A256GCM, TrustedRecipient.RSA)
                .build();

        // The RSA1_5 recipient holds our RSA key's kid, yet without the opt-in its alg is never used.
        JweJson jwe = kwAndRsaOaep.decryptJson(general);
        assertThat(jwe.decryptedRecipient().header().algorithm()).isEqualTo("A128KW");
        JoseException e = rejects(ALG_NOT_ALLOWED, () -> rsaOaepOnly.decryptJson(general));
        assertThat(e.getSuppressed()).hasSize(2);
    }

    @Test
    void rejectsDirOrEcdhEsWithTwoRecipientsBeforeAnyKeyLookup() throws JoseException {
        JweDecrypter noKeyLookups = JweDecrypter.builder(header -> {
                    throw new AssertionError("no key may be looked up for an object with dir and a second recipient");
                })
                .algorithms(JweAlgorithm.DIR, JweAlgorithm.ECDH_ES, JweAlgorithm.A128KW)
                .encryptions(ContentEncryption.A256GCM)
                .build();
        for (String direct : List.of("{'alg':'dir','kid':'dir-1'}", "{'alg':'ECDH-ES','epk':{'kty':'EC'}}")) {
            Map<String, Object> m = map(
                    "protected",
                    ENC,
                    "recipients",
                    List.of(map("header", parsed(direct)), map("header", parsed(KW_HEADER), "encrypted_key", WRAPPED)));
            m.putAll(content(TrustedRecipient.DIR_SECRET, ENC, null, TrustedRecipient.PLAINTEXT));

            assertThat(rejects(MALFORMED, () -> noKeyLookups.decryptJson(Json.writeString(m)))
                            .detail())
                    .contains("only recipient");
            rejects(MALFORMED, () -> JweJson.parseUnverified(Json.writeString(m)));
        }
    }

    @Test
    void rejectsTooManyRecipientsBeforeAnyKeyLookup() throws JoseException {
        JweJson.Builder b = JweJson.builder(TrustedRecipient.PLAINTEXT);
        JweEncrypter kw = TrustedRecipient.encrypter(
                        TrustedRecipient.KW, JweAlgorithm.A128KW, ContentEncryption.A256GCM)
                .build();
        for (int i = 0; i < 17; i++) {
            b.recipient(kw);
        }
        String seventeen = b.build().toGeneralJson();
        Map<String, Object> huge = new LinkedHashMap<>(Json.parseObject(seventeen));
        huge.put(
                "recipients",
                Collections.nCopies(10_000, recipientsOf(seventeen).get(0)));
        JweDecrypter noKeyLookups = JweDecrypter.builder(header -> {
                    throw new AssertionError("no key may be looked up for an object over the limit");
                })
                .algorithms(JweAlgorithm.A128KW)
                .encryptions(ContentEncryption.A256GCM)
                .maxTokenLength(2_000_000)
                .build();

        assertThat(seventeen.length()).isLessThan(dev.signet.jose.Jwe.DEFAULT_MAX_LENGTH);
        assertThat(rejects(TOO_LARGE, () -> kwDecrypter().decryptJson(seventeen))
                        .detail())
                .isEqualTo("17 recipients exceed the limit of 16");
        rejects(TOO_LARGE, () -> noKeyLookups.decryptJson(Json.writeString(huge)));
        assertThat(TrustedRecipient.decrypter(JweAlgorithm.A128KW, ContentEncryption.A256GCM, TrustedRecipient.KW)
                        .maxJsonRecipients(17)
                        .build()
                        .decryptJson(seventeen)
                        .plaintext())
                .isEqualTo(TrustedRecipient.PLAINTEXT);
    }

    @Test
    void boundsPbes2WorkAcrossRecipientsByOneBudget() throws JoseException {
        // Three PBES2 recipients without kid, only the last for our password: each is tried in turn.
        Jwk stranger = unchecked(() -> Jwk.fromSecret("someone else's password".getBytes(StandardCharsets.UTF_8)));
        Jwk ours = unchecked(() -> Jwk.fromSecret("Thus spoke the recipient".getBytes(StandardCharsets.UTF_8)));
        JweJson.Builder b = JweJson.builder(TrustedRecipient.PLAINTEXT);
        for (Jwk k : List.of(stranger, stranger, ours)) {
            b.recipient(TrustedRecipient.encrypter(k, JweAlgorithm.PBES2_HS256_A128KW, ContentEncryption.A256GCM)
                    .pbes2Iterations(1_000)
                    .build());
        }
        String general = b.build().toGeneralJson();

        JoseException e =
                rejects(DECRYPTION_FAILED, () -> pbes2Decrypter(ours, 2_500).decryptJson(general));
        assertThat(e.getSuppressed())
                .extracting(s -> ((JoseException) s).reason())
                .containsExactly(DECRYPTION_FAILED, DECRYPTION_FAILED, TOO_LARGE);
        assertThat(pbes2Decrypter(ours, 3_000).decryptJson(general).decryptedRecipient())
                .satisfies(r -> assertThat(r.header().pbes2Count()).isEqualTo(1_000));
    }

    private static JweDecrypter pbes2Decrypter(Jwk password, int maxIterations) {
        return JweDecrypter.builder(DecryptionKeySource.of(password))
                .algorithms(JweAlgorithm.PBES2_HS256_A128KW)
                .encryptions(ContentEncryption.A256GCM)
                .maxPbes2Iterations(maxIterations)
                .build();
    }

    @Test
    void refusesAnUnprotectedP2cOfTwoToThe31BeforeDerivingAnyKey() throws JoseException {
        JweEncrypter pbes2 = TrustedRecipient.encrypter(
                        TrustedRecipient.PASSWORD, JweAlgorithm.PBES2_HS256_A128KW, ContentEncryption.A256GCM)
                .pbes2Iterations(1_000)
                .build();
        JweEncrypter kw = TrustedRecipient.encrypter(
                        TrustedRecipient.KW, JweAlgorithm.A128KW, ContentEncryption.A256GCM)
                .build();
        String general = JweJson.builder(TrustedRecipient.PLAINTEXT)
                .recipient(pbes2)
                .recipient(kw)
                .build()
                .toGeneralJson();
        List<Map<String, Object>> r = recipientsOf(general);
        @SuppressWarnings("unchecked")
        Map<String, Object> header =
                new LinkedHashMap<>((Map<String, Object>) r.get(0).get("header"));
        header.put("p2c", 1L << 31); // unprotected: nothing breaks but the bound
        r.get(0).put("header", header);
        String forged = withRecipients(general, r);
        JweDecrypter both = JweDecrypter.builder(DecryptionKeySource.of(TrustedRecipient.PASSWORD, TrustedRecipient.KW))
                .algorithms(JweAlgorithm.PBES2_HS256_A128KW, JweAlgorithm.A128KW)
                .encryptions(ContentEncryption.A256GCM)
                .build();

        long start = System.nanoTime();
        JweJson jwe = both.decryptJson(forged);
        long millis = (System.nanoTime() - start) / 1_000_000;

        assertThat(jwe.decryptedRecipient().header().algorithm()).isEqualTo("A128KW");
        assertThat(millis).as("2^31 PBKDF2 iterations would take minutes").isLessThan(500);
        r.remove(1);
        rejects(TOO_LARGE, () -> both.decryptJson(withRecipients(general, r)));
    }

    // --- external AAD ---------------------------------------------------------------------------

    @Test
    void rejectsTamperedAdditionalAuthenticatedData() throws JoseException {
        JweEncrypter kw = TrustedRecipient.encrypter(
                        TrustedRecipient.KW, JweAlgorithm.A128KW, ContentEncryption.A256GCM)
                .build();
        byte[] aad = "{\"audience\":\"payments\"}".getBytes(StandardCharsets.UTF_8);
        String flat = JweJson.builder(TrustedRecipient.PLAINTEXT)
                .additionalAuthenticatedData(aad)
                .recipient(kw)
                .build()
                .toFlattenedJson();
        String withoutAad = JweJson.builder(TrustedRecipient.PLAINTEXT)
                .recipient(kw)
                .build()
                .toFlattenedJson();
        Map<String, Object> m = Json.parseObject(flat);

        assertThat(kwDecrypter().decryptJson(flat).additionalAuthenticatedData())
                .isEqualTo(aad);
        List<Map<String, Object>> tampered = new ArrayList<>();
        Map<String, Object> changed = new LinkedHashMap<>(m);
        changed.put("aad", Forge.b64("{\"audience\":\"everyone\"}"));
        tampered.add(changed);
        Map<String, Object> removed = new LinkedHashMap<>(m);
        removed.remove("aad");
        tampered.add(removed);
        Map<String, Object> added = new LinkedHashMap<>(Json.parseObject(withoutAad));
        added.put("aad", m.get("aad"));
        tampered.add(added);
        Map<String, Object> intoProtected = new LinkedHashMap<>(m);
        intoProtected.put("protected", m.get("protected") + "." + m.get("aad")); // the same AAD bytes, re-split
        intoProtected.remove("aad");
        for (Map<String, Object> t : tampered) {
            rejects(DECRYPTION_FAILED, () -> kwDecrypter().decryptJson(Json.writeString(t)));
        }
        rejects(MALFORMED, () -> kwDecrypter().decryptJson(Json.writeString(intoProtected)));
        Map<String, Object> nonCanonical = new LinkedHashMap<>(m);
        nonCanonical.put("aad", m.get("aad") + "=");
        rejects(MALFORMED, () -> kwDecrypter().decryptJson(Json.writeString(nonCanonical)));
    }

    // --- the JSON structure ---------------------------------------------------------------------

    /**
     * Valid except for one member: each variant below replaces it. P protected, K encrypted key, I, C, T the content.
     */
    private static final String KW_FLAT = kwFlattened(ENC, null, parsed(KW_HEADER));

    private static String fill(String template) {
        Map<String, Object> valid = unchecked(() -> Json.parseObject(KW_FLAT));
        return json(template)
                .replace("\"P\"", "\"" + ENC + "\"")
                .replace("\"K\"", "\"" + WRAPPED + "\"")
                .replace("\"I\"", "\"" + valid.get("iv") + "\"")
                .replace("\"C\"", "\"" + valid.get("ciphertext") + "\"")
                .replace("\"T\"", "\"" + valid.get("tag") + "\"");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                // recipients not an array of objects
                "{'protected':'P','recipients':{'header':{'alg':'A128KW','kid':'kw-1'},'encrypted_key':'K'},'iv':'"
                        + "I','ciphertext':'C','tag':'T'}",
                "{'protected':'P','recipients':'K','iv':'I','ciphertext':'C','tag':'T'}",
                "{'protected':'P','recipients':null,'iv':'I','ciphertext':'C','tag':'T'}",
                "{'protected':'P','recipients':1,'iv':'I','ciphertext':'C','tag':'T'}",
                "{'protected':'P','recipients':['K'],'iv':'I','ciphertext':'C','tag':'T'}",
                "{'protected':'P','recipients':[null],'iv':'I','ciphertext':'C','tag':'T'}",
                "{'protected':'P','recipients':[[{'alg':'A128KW'},'K']],'iv':'I','ciphertext':'C','tag':'T'}",
                "{'protected':'P','recipients':[],'iv':'I','ciphertext':'C','tag':'T'}",
                // iv, ciphertext, tag not non-empty strings, or missing
                "{'protected':'P','header':{'alg':'A128KW','kid':'kw-1'},'encrypted_key':'K','iv':1,'ciphertext':'"
                        + "C','tag':'T'}",
                "{'protected':'P','header':{'alg':'A128KW','kid':'kw-1'},'encrypted_key':'K','iv':1.5,'ciphertext'"
                        + ":'C','tag':'T'}",
                "{'protected':'P','header':{'alg':'A128KW','kid':'kw-1'},'encrypted_key':'K','iv':null,'ciphertext"
                        + "':'C','tag':'T'}",
                "{'protected':'P','header':{'alg':'A128KW','kid':'kw-1'},'encrypted_key':'K','iv':'','ciphertext':"
                        + "'C','tag':'T'}",
                "{'protected':'P','header':{'alg':'A128KW','kid':'kw-1'},'encrypted_key':'K','iv':['I'],'ciphertex"
                        + "t':'C','tag':'T'}",
                "{'protected':'P','header':{'alg':'A128KW','kid':'kw-1'},'encrypted_key':'K','ciphertext':'C','tag"
                        + "':'T'}",
                "{'protected':'P','header':{'alg':'A128KW','kid':'kw-1'},'encrypted_key':'K','iv':'I','ciphertext'"
                        + ":1,'tag':'T'}",
                "{'protected':'P','header':{'alg':'A128KW','kid':'kw-1'},'encrypted_key':'K','iv':'I','ciphertext'"
                        + ":{},'tag':'T'}",
                "{'protected':'P','header':{'alg':'A128KW','kid':'kw-1'},'encrypted_key':'K','iv':'I','tag':'T'}",
                "{'protected':'P','header':{'alg':'A128KW','kid':'kw-1'},'encrypted_key':'K','iv':'I','ciphertext'"
                        + ":'C','tag':true}",
                "{'protected':'P','header':{'alg':'A128KW','kid':'kw-1'},'encrypted_key':'K','iv':'I','ciphertext'"
                        + ":'C','tag':''}",
                "{'protected':'P','header':{'alg':'A128KW','kid':'kw-1'},'encrypted_key':'K','iv':'I','ciphertext'"
                        + ":'C'}",
                // protected not a non-empty Base64URL string
                "{'protected':{'enc':'A256GCM'},'header':{'alg':'A128KW','kid':'kw-1'},'encrypted_key':'K','iv':'I"
                        + "','ciphertext':'C','tag':'T'}",
                "{'protected':'','header':{'alg':'A128KW','kid':'kw-1','enc':'A256GCM'},'encrypted_key':'K','iv':'"
                        + "I','ciphertext':'C','tag':'T'}",
                "{'protected':null,'header':{'alg':'A128KW','kid':'kw-1'},'encrypted_key':'K','iv':'I','ciphertext"
                        + "':'C','tag':'T'}",
                // unprotected and header not non-empty objects
                "{'protected':'P','unprotected':'x','header':{'alg':'A128KW','kid':'kw-1'},'encrypted_key':'K','iv"
                        + "':'I','ciphertext':'C','tag':'T'}",
                "{'protected':'P','unprotected':{},'header':{'alg':'A128KW','kid':'kw-1'},'encrypted_key':'K','iv'"
                        + ":'I','ciphertext':'C','tag':'T'}",
                "{'protected':'P','unprotected':null,'header':{'alg':'A128KW','kid':'kw-1'},'encrypted_key':'K','i"
                        + "v':'I','ciphertext':'C','tag':'T'}",
                "{'protected':'P','header':['alg','A128KW'],'encrypted_key':'K','iv':'I','ciphertext':'C','tag':'T'}",
                "{'protected':'P','recipients':[{'header':{},'encrypted_key':'K'}],'iv':'I','ciphertext':'C','tag'"
                        + ":'T'}",
                // encrypted_key and aad not non-empty strings
                "{'protected':'P','header':{'alg':'A128KW','kid':'kw-1'},'encrypted_key':1,'iv':'I','ciphertext':'"
                        + "C','tag':'T'}",
                "{'protected':'P','header':{'alg':'A128KW','kid':'kw-1'},'encrypted_key':'','iv':'I','ciphertext':"
                        + "'C','tag':'T'}",
                "{'protected':'P','recipients':[{'header':{'alg':'A128KW','kid':'kw-1'},'encrypted_key':null}],'iv"
                        + "':'I','ciphertext':'C','tag':'T'}",
                "{'protected':'P','header':{'alg':'A128KW','kid':'kw-1'},'encrypted_key':'K','aad':'','iv':'I','ci"
                        + "phertext':'C','tag':'T'}",
                "{'protected':'P','header':{'alg':'A128KW','kid':'kw-1'},'encrypted_key':'K','aad':{},'iv':'I','ci"
                        + "phertext':'C','tag':'T'}",
                // no alg or no enc anywhere; typed header members of the wrong type
                "{'protected':'P','header':{'kid':'kw-1'},'encrypted_key':'K','iv':'I','ciphertext':'C','tag':'T'}",
                "{'header':{'alg':'A128KW','kid':'kw-1'},'encrypted_key':'K','iv':'I','ciphertext':'C','tag':'T'}",
                "{'protected':'P','header':{'alg':1,'kid':'kw-1'},'encrypted_key':'K','iv':'I','ciphertext':'C','t"
                        + "ag':'T'}",
                "{'protected':'P','header':{'alg':'A128KW','kid':7},'encrypted_key':'K','iv':'I','ciphertext':'C',"
                        + "'tag':'T'}",
                "{'protected':'P','header':{'alg':'A128KW','kid':'kw-1','epk':'x'},'encrypted_key':'K','iv':'I','c"
                        + "iphertext':'C','tag':'T'}",
                // general and flattened at once; members RFC 7516 §7.2 does not define; a JWS
                "{'protected':'P','recipients':[{'header':{'alg':'A128KW','kid':'kw-1'},'encrypted_key':'K'}],'enc"
                        + "rypted_key':'K','iv':'I','ciphertext':'C','tag':'T'}",
                "{'protected':'P','recipients':[{'encrypted_key':'K'}],'header':{'alg':'A128KW','kid':'kw-1'},'iv'"
                        + ":'I','ciphertext':'C','tag':'T'}",
                "{'protected':'P','header':{'alg':'A128KW','kid':'kw-1'},'encrypted_key':'K','iv':'I','ciphertext'"
                        + ":'C','tag':'T','x':1}",
                "{'protected':'P','recipients':[{'header':{'alg':'A128KW','kid':'kw-1'},'encrypted_key':'K','x':1}"
                        + "],'iv':'I','ciphertext':'C','tag':'T'}",
                "{'protected':'P','recipients':[{'header':{'alg':'A128KW','kid':'kw-1'},'encrypted_key':'K','iv':'"
                        + "I'}],'iv':'I','ciphertext':'C','tag':'T'}",
                "{'protected':'P','header':{'alg':'A128KW','kid':'kw-1'},'encrypted_key':'K','iv':'I','ciphertext'"
                        + ":'C','tag':'T','payload':'C'}",
                "{'payload':'C','protected':'P','signature':'T'}",
                "{'payload':'C','signatures':[{'protected':'P','signature':'T'}]}",
                // not an object at all
                "['P','K','I','C','T']",
                "'P.K.I.C.T'",
                "null"
            })
    void rejectsTypeConfusionInTheJsonStructure(String template) {
        String forged = fill(template);

        JoseException e = rejects(MALFORMED, () -> kwDecrypter().decryptJson(forged));
        assertThat(e.getMessage()).doesNotContain(WRAPPED);
    }

    @Test
    void theTypeConfusionTemplatesAreValidWhenRepaired() throws JoseException {
        for (String template : List.of(
                "{'protected':'P','header':{'alg':'A128KW','kid':'kw-1'},'encrypted_key':'K','iv':'I','ciphertext'"
                        + ":'C','tag':'T'}",
                "{'protected':'P','recipients':[{'header':{'alg':'A128KW','kid':'kw-1'},'encrypted_key':'K'}],'iv'"
                        + ":'I','ciphertext':'C','tag':'T'}")) {
            assertThat(kwDecrypter().decryptJson(fill(template)).plaintext()).isEqualTo(TrustedRecipient.PLAINTEXT);
        }
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{'protected':'P','protected':'P','header':{'alg':'A128KW','kid':'kw-1'},'encrypted_key':'K','iv':"
                        + "'I','ciphertext':'C','tag':'T'}",
                "{'protected':'P','header':{'alg':'A128KW','kid':'kw-1'},'encrypted_key':'K','encrypted_key':'K','"
                        + "iv':'I','ciphertext':'C','tag':'T'}",
                "{'protected':'P','header':{'alg':'A128KW','kid':'kw-1'},'encrypted_key':'K','iv':'I','iv':'I','ci"
                        + "phertext':'C','tag':'T'}",
                "{'protected':'P','header':{'alg':'A128KW','kid':'kw-1'},'encrypted_key':'K','iv':'I','ciphertext'"
                        + ":'C','ciphertext':'C','tag':'T'}",
                "{'protected':'P','header':{'alg':'A128KW','kid':'kw-1'},'encrypted_key':'K','iv':'I','ciphertext'"
                        + ":'C','tag':'T','tag':'T'}",
                "{'protected':'P','header':{'alg':'A128KW','kid':'kw-1','kid':'kw-2'},'encrypted_key':'K','iv':'I'"
                        + ",'ciphertext':'C','tag':'T'}",
                "{'protected':'P','header':{'alg':'A128KW','kid':'kw-1'},'header':{'alg':'dir'},'encrypted_key':'K"
                        + "','iv':'I','ciphertext':'C','tag':'T'}",
                "{'protected':'P','unprotected':{'x':1,'x':2},'header':{'alg':'A128KW','kid':'kw-1'},'encrypted_ke"
                        + "y':'K','iv':'I','ciphertext':'C','tag':'T'}",
                "{'protected':'P','recipients':[{'header':{'alg':'A128KW','kid':'kw-1'},'encrypted_key':'K','encry"
                        + "pted_key':'K'}],'iv':'I','ciphertext':'C','tag':'T'}",
                "{'protected':'P','recipients':[{'header':{'alg':'A128KW','kid':'kw-1'},'encrypted_key':'K'}],'rec"
                        + "ipients':[],'iv':'I','ciphertext':'C','tag':'T'}"
            })
    void rejectsDuplicateJsonMembers(String template) {
        rejects(MALFORMED, () -> kwDecrypter().decryptJson(fill(template)));
    }

    @Test
    void rejectsADuplicateMemberInsideTheProtectedHeader() {
        String protectedPart = b64("{\"enc\":\"A256GCM\",\"enc\":\"A128GCM\"}");
        String forged = kwFlattened(protectedPart, null, parsed(KW_HEADER));

        rejects(MALFORMED, () -> kwDecrypter().decryptJson(forged));
    }

    @Test
    void rejectsAnUnprotectedHeaderNestedDeeperThanAProtectedOneMayBe() throws JoseException {
        Object deep = "x";
        for (int i = 0; i < 16; i++) {
            deep = Map.of("n", deep);
        }
        Map<String, Object> tooDeep = new LinkedHashMap<>(parsed(KW_HEADER));
        tooDeep.put("ext", deep);
        Map<String, Object> deepest = new LinkedHashMap<>(parsed(KW_HEADER));
        deepest.put("ext", ((Map<?, ?>) deep).get("n"));

        rejects(TOO_LARGE, () -> kwDecrypter().decryptJson(kwFlattened(ENC, null, tooDeep)));
        Map<String, Object> sharedTooDeep = Map.of("ext", deep);
        rejects(TOO_LARGE, () -> kwDecrypter().decryptJson(kwFlattened(ENC, sharedTooDeep, parsed(KW_HEADER))));
        assertThat(kwDecrypter().decryptJson(kwFlattened(ENC, null, deepest)).plaintext())
                .isEqualTo(TrustedRecipient.PLAINTEXT);
    }

    @Test
    void rejectsAnObjectOverTheLengthLimitBeforeParsingIt() throws JoseException {
        String padded = kwFlattened(ENC, Map.of("pad", "x".repeat(17_000)), parsed(KW_HEADER));

        assertThat(rejects(TOO_LARGE, () -> kwDecrypter().decryptJson(padded)).detail())
                .contains("16384");
        assertThat(TrustedRecipient.decrypter(JweAlgorithm.A128KW, ContentEncryption.A256GCM, TrustedRecipient.KW)
                        .maxTokenLength(20_000)
                        .build()
                        .decryptJson(padded)
                        .plaintext())
                .isEqualTo(TrustedRecipient.PLAINTEXT);
    }
}
