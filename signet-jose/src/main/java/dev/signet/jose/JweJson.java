package dev.signet.jose;

import dev.signet.jose.JoseException.Reason;
import dev.signet.jose.internal.json.Json;
import dev.signet.jose.internal.jwe.Deflate;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A JWE in JSON serialization (RFC 7516 §7.2): one ciphertext under one CEK and one {@code enc},
 * and one or more recipients, each with the CEK encrypted to its key, in the general form
 * ({@code {"protected", "unprotected", "recipients": [{"header", "encrypted_key"}, …], "aad", "iv",
 * "ciphertext", "tag"}}) or, with exactly one recipient, the flattened form (the recipient's
 * {@code header} and {@code encrypted_key} at the top).
 *
 * <p>Made by {@link #builder(byte[])}, decrypted by {@link JweDecrypter#decryptJson(String)}, or
 * read without decryption by {@link #parseUnverified(String)} (inspection tools only: everything
 * in such a result is attacker-controlled). A JWT is never in JSON serialization (RFC 7519 §7.1):
 * {@link JwtSigner} and {@link JwtVerifier} use compact JWE only.
 *
 * <p>Each recipient's JOSE header is the union of the protected header ({@code protected}, the
 * only one the content's authentication tag covers), the shared unprotected header
 * ({@code unprotected}) and its own unprotected header ({@code header}). Parsing is strict:
 * exactly the members §7.2 defines (any other member, at the top or in a recipient, is
 * {@code MALFORMED}); {@code protected} a non-empty Base64URL JSON object, {@code unprotected} and
 * {@code header} non-empty objects, their names disjoint (§7.2.1); {@code zip} (RFC 7516 §4.1.3) and
 * {@code crit} (§4.1.13) only in the protected header, as is every name {@code crit} lists;
 * {@code alg} and {@code enc} present in each union; {@code aad}, {@code encrypted_key}, {@code iv}
 * and {@code tag} strict, non-empty Base64URL when present, {@code iv} and {@code tag} present
 * (every {@code enc} has them); {@code dir} and {@code ECDH-ES}, which make the CEK from the
 * recipient's key, only as the one recipient; the text at most the decrypter's maximum token
 * length, at most {@value #DEFAULT_MAX_RECIPIENTS} recipients by default, each header nested no
 * deeper than a protected header may be.
 */
public final class JweJson {

    /** Default maximum number of recipients in a general JWE JSON object. */
    public static final int DEFAULT_MAX_RECIPIENTS = 16;

    /** The JSON levels above a recipient header's own members: the document, {@code recipients}, one recipient. */
    static final int ENVELOPE_DEPTH = 3;

    private static final Set<String> GENERAL_MEMBERS =
            Set.of("protected", "unprotected", "recipients", "aad", "iv", "ciphertext", "tag");
    private static final Set<String> FLATTENED_MEMBERS =
            Set.of("protected", "unprotected", "header", "encrypted_key", "aad", "iv", "ciphertext", "tag");
    private static final Set<String> RECIPIENT_MEMBERS = Set.of("header", "encrypted_key");
    private static final Set<String> JWS_MEMBERS = Set.of("payload", "signatures", "signature");

    private static final JsonSerializationParts.Form FORM =
            new JsonSerializationParts.Form(JWS_MEMBERS, "JWS", "RFC 7516 §7.2");
    /** Members that must be integrity-protected (RFC 7516 §4.1.3, §4.1.13), so never in an unprotected header. */
    private static final Set<String> PROTECTED_ONLY = Set.of("zip", "crit");

    private final String protectedPart;
    private final Map<String, Object> protectedMembers;
    private final Map<String, Object> unprotectedMembers;
    private final List<Recipient> recipients;
    private final String aadPart;
    private final byte[] iv;
    private final byte[] ciphertext;
    private final byte[] tag;
    private final boolean flattened;
    private final byte[] plaintext;
    private final Recipient decryptedRecipient;
    private final Jwk key;

    private JweJson(
            String protectedPart,
            Map<String, Object> protectedMembers,
            Map<String, Object> unprotectedMembers,
            List<Recipient> recipients,
            String aadPart,
            byte[] iv,
            byte[] ciphertext,
            byte[] tag,
            boolean flattened,
            byte[] plaintext,
            Recipient decryptedRecipient,
            Jwk key) {
        this.protectedPart = protectedPart;
        this.protectedMembers = protectedMembers;
        this.unprotectedMembers = unprotectedMembers;
        this.recipients = recipients;
        this.aadPart = aadPart;
        this.iv = iv;
        this.ciphertext = ciphertext;
        this.tag = tag;
        this.flattened = flattened;
        this.plaintext = plaintext;
        this.decryptedRecipient = decryptedRecipient;
        this.key = key;
    }

    /**
     * Parses a JWE in JSON serialization, general or flattened, <em>without decrypting it</em>: for
     * inspection tools only. Limits: {@link Jwe#DEFAULT_MAX_LENGTH} characters,
     * {@value #DEFAULT_MAX_RECIPIENTS} recipients, header nesting depth 16.
     *
     * @throws JoseException {@code MALFORMED} or {@code TOO_LARGE} as described on the class
     */
    public static JweJson parseUnverified(String json) throws JoseException {
        return parse(json, Jwe.DEFAULT_MAX_LENGTH, Json.DEFAULT_MAX_DEPTH, DEFAULT_MAX_RECIPIENTS);
    }

    static JweJson parse(String json, int maxLength, int maxDepth, int maxRecipients) throws JoseException {
        if (json == null) {
            throw new JoseException(Reason.MALFORMED, "no JWE");
        }
        if (json.length() > maxLength) {
            throw new JoseException(
                    Reason.TOO_LARGE, "JWE JSON of " + json.length() + " characters exceeds the limit of " + maxLength);
        }
        byte[] utf8 = json.getBytes(StandardCharsets.UTF_8);
        Map<String, Object> top = Json.parseObject(utf8, 0, utf8.length, maxDepth + ENVELOPE_DEPTH);
        boolean general = top.containsKey("recipients");
        FORM.onlyMembers(
                top,
                general ? GENERAL_MEMBERS : FLATTENED_MEMBERS,
                general ? "a general JWE JSON object" : "a flattened JWE JSON object");
        List<Map<String, Object>> entries = general
                ? FORM.entries(
                        top.get("recipients"), "recipients", maxRecipients, RECIPIENT_MEMBERS, "a recipient object")
                : List.of(top);

        String protectedPart = null;
        Map<String, Object> protectedMembers = Map.of();
        if (top.containsKey("protected")) {
            Object p = top.get("protected");
            if (!(p instanceof String string) || string.isEmpty()) {
                // §7.2.1: present only when the protected header is non-empty.
                throw new JoseException(Reason.MALFORMED, "\"protected\" must be a non-empty string");
            }
            protectedPart = string;
            byte[] headerJson = Base64Url.decode(protectedPart);
            protectedMembers = Json.parseObject(headerJson, 0, headerJson.length, maxDepth);
        }
        Map<String, Object> unprotectedMembers = headerObject(top, "unprotected", "", maxDepth);
        String aadPart = null;
        if (top.containsKey("aad")) {
            aadPart = nonEmptyString(top, "aad", "");
            Base64Url.decode(aadPart);
        }
        byte[] iv = Base64Url.decode(nonEmptyString(top, "iv", ""));
        Object c = top.get("ciphertext");
        if (!(c instanceof String string)) {
            throw new JoseException(
                    Reason.MALFORMED,
                    top.containsKey("ciphertext") ? "\"ciphertext\" must be a string" : "no \"ciphertext\" member");
        }
        byte[] ciphertext = Base64Url.decode(string);
        byte[] tag = Base64Url.decode(nonEmptyString(top, "tag", ""));

        List<Recipient> recipients = new ArrayList<>(entries.size());
        for (int i = 0; i < entries.size(); i++) {
            recipients.add(Recipient.parse(
                    entries.get(i),
                    general ? "recipient " + i + ": " : "",
                    protectedMembers,
                    unprotectedMembers,
                    maxDepth));
        }
        requireDirectAlone(recipients);
        return new JweJson(
                protectedPart,
                protectedMembers,
                unprotectedMembers,
                List.copyOf(recipients),
                aadPart,
                iv,
                ciphertext,
                tag,
                !general,
                null,
                null,
                null);
    }

    /** {@code dir} and {@code ECDH-ES} make the CEK from the recipient's key: no second recipient can share it. */
    private static void requireDirectAlone(List<Recipient> recipients) throws JoseException {
        if (recipients.size() < 2) {
            return;
        }
        for (Recipient r : recipients) {
            JweAlgorithm alg = JweAlgorithm.fromIdentifier(r.header.algorithm());
            if (alg == JweAlgorithm.DIR || alg == JweAlgorithm.ECDH_ES) {
                throw new JoseException(
                        Reason.MALFORMED,
                        alg.identifier() + " determines the CEK from the recipient's"
                                + " key, so it must be the only recipient; found " + recipients.size());
            }
        }
    }

    private static String nonEmptyString(Map<String, Object> object, String name, String where) throws JoseException {
        Object v = object.get(name);
        if (!(v instanceof String string) || string.isEmpty()) {
            // §7.2.1: these members are present only when their value is non-empty.
            throw new JoseException(
                    Reason.MALFORMED,
                    where
                            + (object.containsKey(name)
                                    ? "\"" + name + "\" must be a non-empty string"
                                    : "no \"" + name + "\" member"));
        }
        return string;
    }

    /** An unprotected header member: absent (empty), or a non-empty object nested no deeper than {@code maxDepth}. */
    private static Map<String, Object> headerObject(Map<String, Object> object, String name, String where, int maxDepth)
            throws JoseException {
        if (!object.containsKey(name)) {
            return Map.of();
        }
        Object h = object.get(name);
        if (!(h instanceof Map) || ((Map<?, ?>) h).isEmpty()) {
            throw new JoseException(Reason.MALFORMED, where + "\"" + name + "\" must be a non-empty object");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> m = (Map<String, Object>) h;
        if (JwsJson.Signature.depth(m) > maxDepth) {
            // The same nesting limit as a protected header, whichever level the member sits at.
            throw new JoseException(Reason.TOO_LARGE, where + "\"" + name + "\" is nested deeper than " + maxDepth);
        }
        return m;
    }

    /**
     * A recipient's JOSE header (RFC 7516 §7.2.1): the union of the three headers, which must be
     * disjoint; {@code zip}, {@code crit} and the names {@code crit} lists only in the protected one.
     */
    private static JweHeader union(
            Map<String, Object> protectedMembers, Map<String, Object> shared, Map<String, Object> own, String where)
            throws JoseException {
        Map<String, Object> all = new LinkedHashMap<>(protectedMembers);
        addUnprotected(all, protectedMembers, shared, "shared unprotected", where);
        for (String name : own.keySet()) {
            if (shared.containsKey(name)) {
                throw new JoseException(
                        Reason.MALFORMED,
                        where + "\"" + UntrustedText.printable(name)
                                + "\" is in both the shared and the per-recipient unprotected header (RFC 7516"
                                + " §7.2.1)");
            }
        }
        addUnprotected(all, protectedMembers, own, "per-recipient", where);
        JweHeader header;
        try {
            header = JweHeader.fromMembers(Collections.unmodifiableMap(all));
        } catch (JoseException e) {
            throw where.isEmpty() ? e : new JoseException(e.reason(), where + e.detail());
        }
        for (String name : header.critical()) {
            if (!protectedMembers.containsKey(name)) {
                throw new JoseException(
                        Reason.MALFORMED,
                        where + "\"crit\" lists \"" + UntrustedText.printable(name)
                                + "\", which must then be in the protected header");
            }
        }
        return header;
    }

    private static void addUnprotected(
            Map<String, Object> all,
            Map<String, Object> protectedMembers,
            Map<String, Object> unprotected,
            String which,
            String where)
            throws JoseException {
        for (Map.Entry<String, Object> e : unprotected.entrySet()) {
            String name = e.getKey();
            if (protectedMembers.containsKey(name)) {
                throw new JoseException(
                        Reason.MALFORMED,
                        where + "\"" + UntrustedText.printable(name) + "\" is in both the protected and the " + which
                                + " header (RFC 7516 §7.2.1)");
            }
            if (PROTECTED_ONLY.contains(name)) {
                throw new JoseException(
                        Reason.MALFORMED,
                        where + "\"" + name + "\" must be in the protected header"
                                + ("zip".equals(name) ? " (RFC 7516 §4.1.3)" : " (RFC 7516 §4.1.13)"));
            }
            all.put(name, e.getValue());
        }
    }

    /** A builder encrypting {@code plaintext} to one or more recipients. */
    public static Builder builder(byte[] plaintext) {
        return new Builder(plaintext);
    }

    /** True when read from (or, with one recipient, made for) the flattened form. */
    public boolean isFlattened() {
        return flattened;
    }

    /** The protected header's members, shared by every recipient; empty when there is none. */
    public Map<String, Object> protectedMembers() {
        return protectedMembers;
    }

    /** The shared unprotected header's members ({@code unprotected}); empty when absent. Not integrity-protected. */
    public Map<String, Object> sharedUnprotectedMembers() {
        return unprotectedMembers;
    }

    /** The recipients in document order. */
    public List<Recipient> recipients() {
        return recipients;
    }

    /**
     * The JWE AAD (decoded {@code aad}; a copy), or null when absent. It is authenticated with the
     * content, not encrypted.
     */
    public byte[] additionalAuthenticatedData() {
        if (aadPart == null) {
            return null;
        }
        try {
            return Base64Url.decode(aadPart);
        } catch (JoseException e) {
            throw new IllegalStateException("aad was checked when parsed", e);
        }
    }

    /** The initialization vector (a copy). */
    public byte[] iv() {
        return iv.clone();
    }

    /** The ciphertext (a copy). */
    public byte[] ciphertext() {
        return ciphertext.clone();
    }

    /** The authentication tag (a copy). */
    public byte[] tag() {
        return tag.clone();
    }

    /** Whether this JWE was decrypted (it then has a plaintext, a recipient and a key). */
    public boolean isDecrypted() {
        return plaintext != null;
    }

    /**
     * The plaintext (a copy), decompressed when {@code zip} was {@code DEF}.
     *
     * @throws IllegalStateException when the JWE was not decrypted
     */
    public byte[] plaintext() {
        if (plaintext == null) {
            throw new IllegalStateException("this JWE was not decrypted: it has no plaintext");
        }
        return plaintext.clone();
    }

    /** The plaintext as UTF-8 text; see {@link #plaintext()}. */
    public String plaintextText() {
        return new String(plaintext(), StandardCharsets.UTF_8);
    }

    /** The recipient whose encrypted key the decrypter opened, or null when not decrypted. */
    public Recipient decryptedRecipient() {
        return decryptedRecipient;
    }

    /** The key that decrypted this JWE, or null when not decrypted. */
    public Jwk decryptionKey() {
        return key;
    }

    /** The general JSON serialization (RFC 7516 §7.2.1). */
    public String toGeneralJson() {
        Map<String, Object> top = new LinkedHashMap<>();
        shared(top);
        List<Object> list = new ArrayList<>(recipients.size());
        for (Recipient r : recipients) {
            list.add(r.members(new LinkedHashMap<>()));
        }
        top.put("recipients", list);
        return Json.writeString(content(top));
    }

    /**
     * The flattened JSON serialization (RFC 7516 §7.2.2).
     *
     * @throws IllegalStateException unless there is exactly one recipient
     */
    public String toFlattenedJson() {
        if (recipients.size() != 1) {
            throw new IllegalStateException(
                    "the flattened serialization holds exactly one recipient, not " + recipients.size());
        }
        Map<String, Object> top = new LinkedHashMap<>();
        shared(top);
        recipients.get(0).members(top);
        return Json.writeString(content(top));
    }

    private void shared(Map<String, Object> top) {
        if (protectedPart != null) {
            top.put("protected", protectedPart);
        }
        if (!unprotectedMembers.isEmpty()) {
            top.put("unprotected", unprotectedMembers);
        }
    }

    private Map<String, Object> content(Map<String, Object> top) {
        if (aadPart != null) {
            top.put("aad", aadPart);
        }
        top.put("iv", Base64Url.encode(iv));
        top.put("ciphertext", Base64Url.encode(ciphertext));
        top.put("tag", Base64Url.encode(tag));
        return top;
    }

    /**
     * The bytes the content's tag authenticates (RFC 7516 §5.1 step 14, §5.2 step 15):
     * {@code ASCII(BASE64URL(protected))}, followed by {@code '.' || BASE64URL(aad)} when there is
     * a JWE AAD; the members' text as it appears in the JSON.
     */
    byte[] aadUnsafe() {
        return aad(protectedPart, aadPart);
    }

    private static byte[] aad(String protectedPart, String aadPart) {
        String head = protectedPart == null ? "" : protectedPart;
        return (aadPart == null ? head : head + "." + aadPart).getBytes(StandardCharsets.US_ASCII);
    }

    byte[] ivUnsafe() {
        return iv;
    }

    byte[] ciphertextUnsafe() {
        return ciphertext;
    }

    byte[] tagUnsafe() {
        return tag;
    }

    JweJson decryptedWith(Recipient recipient, byte[] plaintext, Jwk key) {
        return new JweJson(
                protectedPart,
                protectedMembers,
                unprotectedMembers,
                recipients,
                aadPart,
                iv,
                ciphertext,
                tag,
                flattened,
                plaintext,
                recipient,
                key);
    }

    @Override
    public String toString() {
        return "JweJson[" + (flattened ? "flattened" : "general") + ", " + recipients.size() + " recipient"
                + (recipients.size() == 1 ? "" : "s") + (plaintext != null ? ", decrypted" : "") + "]";
    }

    /**
     * One recipient of a JWE JSON object: its own unprotected header members, its JOSE header (the
     * union of the protected, shared and own headers) and its encrypted key.
     */
    public static final class Recipient {
        private final Map<String, Object> protectedMembers;
        private final Map<String, Object> headerMembers;
        private final JweHeader header;
        private final byte[] encryptedKey;

        private Recipient(
                Map<String, Object> protectedMembers,
                Map<String, Object> headerMembers,
                JweHeader header,
                byte[] encryptedKey) {
            this.protectedMembers = protectedMembers;
            this.headerMembers = headerMembers;
            this.header = header;
            this.encryptedKey = encryptedKey;
        }

        static Recipient parse(
                Map<String, Object> entry,
                String where,
                Map<String, Object> protectedMembers,
                Map<String, Object> shared,
                int maxDepth)
                throws JoseException {
            Map<String, Object> own = headerObject(entry, "header", where, maxDepth);
            byte[] encryptedKey = entry.containsKey("encrypted_key")
                    ? Base64Url.decode(nonEmptyString(entry, "encrypted_key", where))
                    : new byte[0];
            return new Recipient(protectedMembers, own, union(protectedMembers, shared, own, where), encryptedKey);
        }

        private Map<String, Object> members(Map<String, Object> into) {
            if (!headerMembers.isEmpty()) {
                into.put("header", headerMembers);
            }
            if (encryptedKey.length > 0) {
                into.put("encrypted_key", Base64Url.encode(encryptedKey));
            }
            return into;
        }

        /**
         * This recipient's JOSE header: the union of the protected, shared unprotected and
         * per-recipient headers. Only {@link #isProtected protected} members are integrity-protected.
         */
        public JweHeader header() {
            return header;
        }

        /** The per-recipient unprotected header's members ({@code header}); empty when absent. */
        public Map<String, Object> headerMembers() {
            return headerMembers;
        }

        /** Whether {@code name} is a member of the (shared) protected header. */
        public boolean isProtected(String name) {
            return protectedMembers.containsKey(name);
        }

        /** The encrypted key (a copy); empty for {@code dir} and {@code ECDH-ES}. */
        public byte[] encryptedKey() {
            return encryptedKey.clone();
        }

        byte[] encryptedKeyUnsafe() {
            return encryptedKey;
        }

        @Override
        public String toString() {
            return "JweJson.Recipient[" + header.algorithm() + ", unprotected " + headerMembers.keySet() + "]";
        }
    }

    /**
     * Encrypts one plaintext to one or more recipients as a JWE JSON object: one CEK, one
     * {@code enc}, one IV, one ciphertext and tag; per recipient the CEK encrypted with that
     * recipient's {@link JweEncrypter} (its key, {@code alg} and algorithm settings).
     *
     * <pre>{@code
     * JweJson jwe = JweJson.builder(plaintext)
     *         .protectedHeader(JweHeader.builder().type("example+jwe"))   // protected: {"enc","typ"}
     *         .recipient(toAlice)                                          // header: {"alg","kid",...}
     *         .recipient(toBob)
     *         .build();
     * String general = jwe.toGeneralJson();
     * }</pre>
     *
     * <p>The protected header holds {@code enc}, {@code zip} (with {@link #compress()}), {@code crit}
     * and the caller's protected members; each recipient's {@code header} holds its {@code alg},
     * its {@code kid} (unless a shared header has one) and what its algorithm adds ({@code epk},
     * {@code apu}, {@code apv}, {@code iv}, {@code tag}, {@code p2s}, {@code p2c}). Key management
     * parameters need no integrity protection: whatever CEK they yield must still pass the content's
     * tag. Every encrypter must use the same {@code enc}; {@code dir} and {@code ECDH-ES} only as the
     * sole recipient.
     */
    public static final class Builder {
        private final byte[] plaintext;
        private JweHeader.Builder protectedHeader = JweHeader.builder();
        private Map<String, Object> sharedUnprotected = Map.of();
        private byte[] aad;
        private boolean compress;
        private final List<JweEncrypter> encrypters = new ArrayList<>();
        private final List<Map<String, Object>> recipientHeaders = new ArrayList<>();
        private final SecureRandom random = new SecureRandom();

        private Builder(byte[] plaintext) {
            this.plaintext = Objects.requireNonNull(plaintext, "plaintext").clone();
        }

        /**
         * The caller's members of the protected header ({@code typ}, {@code cty}, a {@code kid} all
         * recipients share, {@linkplain JweHeader.Builder#critical critical} extensions); the builder
         * adds {@code enc} and {@code zip}.
         */
        public Builder protectedHeader(JweHeader.Builder header) {
            this.protectedHeader = Objects.requireNonNull(header, "header").copy();
            return this;
        }

        /**
         * The shared unprotected header ({@code unprotected}), not integrity-protected.
         *
         * @throws IllegalArgumentException for a member the builder sets ({@code alg}, {@code enc},
         *     {@code zip}, {@code crit}, {@code epk}, {@code apu}, {@code apv}, {@code iv}, {@code tag},
         *     {@code p2s}, {@code p2c}) or a value that is not JSON
         */
        public Builder sharedUnprotectedHeader(Map<String, ?> members) {
            this.sharedUnprotected = callerHeader(members);
            return this;
        }

        /**
         * The JWE AAD ({@code aad}): bytes the tag authenticates along with the protected header,
         * sent in the clear (RFC 7516 §5.1 step 14). Empty means none.
         */
        public Builder additionalAuthenticatedData(byte[] aad) {
            this.aad = Objects.requireNonNull(aad, "aad").length == 0 ? null : aad.clone();
            return this;
        }

        /**
         * Compresses the plaintext with DEFLATE ({@code zip: "DEF"}, protected) before encrypting;
         * see {@link JweEncrypter.Builder#compress()} for the length leak this can cause.
         */
        public Builder compress() {
            this.compress = true;
            return this;
        }

        /** Adds a recipient: the CEK encrypted by {@code encrypter}, with the header {@code {"alg","kid",…}}. */
        public Builder recipient(JweEncrypter encrypter) {
            return recipient(encrypter, Map.of());
        }

        /**
         * Adds a recipient with extra per-recipient unprotected members.
         *
         * @throws IllegalArgumentException if {@code encrypter} configures compression or header
         *     members other than {@code kid} (they are shared: set them here), its {@code enc}
         *     differs from the other recipients', {@code dir} or {@code ECDH-ES} would not be the only
         *     recipient, or {@code header} holds {@code kid} or a member the builder sets
         */
        public Builder recipient(JweEncrypter encrypter, Map<String, ?> header) {
            Objects.requireNonNull(encrypter, "encrypter");
            Map<String, Object> own = callerHeader(header);
            if (own.containsKey("kid")) {
                throw new IllegalArgumentException(
                        "a recipient's kid comes from its encrypter (JweEncrypter.Builder.keyId)");
            }
            if (encrypter.configuresSharedMembers()) {
                throw new IllegalArgumentException("compression, typ, cty, crit and other header members are shared by"
                        + " all recipients: set them on JweJson.Builder, not on a recipient's encrypter");
            }
            if (!encrypters.isEmpty() && encrypters.get(0).encryption() != encrypter.encryption()) {
                throw new IllegalArgumentException("every recipient must use one enc (RFC 7516 §7.2.1: one CEK, one"
                        + " ciphertext): " + encrypters.get(0).encryption().identifier() + " and "
                        + encrypter.encryption().identifier());
            }
            if (!encrypters.isEmpty() && (isDirect(encrypter) || isDirect(encrypters.get(0)))) {
                throw new IllegalArgumentException("dir and ECDH-ES determine the CEK from the recipient's key: they"
                        + " can only be the sole recipient");
            }
            encrypters.add(encrypter);
            recipientHeaders.add(own);
            return this;
        }

        private static boolean isDirect(JweEncrypter e) {
            return e.algorithm() == JweAlgorithm.DIR || e.algorithm() == JweAlgorithm.ECDH_ES;
        }

        private static Map<String, Object> callerHeader(Map<String, ?> members) {
            @SuppressWarnings("unchecked")
            Map<String, Object> m = (Map<String, Object>) Json.copyValue(Objects.requireNonNull(members, "header"));
            for (String name : m.keySet()) {
                if (JweHeader.SET_BY_ENCRYPTER.contains(name)) {
                    throw new IllegalArgumentException("\"" + name + "\" is set by the encrypter");
                }
            }
            return m;
        }

        /**
         * Encrypts: draws the CEK (for a sole {@code dir} or {@code ECDH-ES} recipient, the one its
         * key gives) and the IV, encrypts the CEK to every recipient, then the content. Serialize the
         * result with {@link JweJson#toGeneralJson()} or, with one recipient, {@link JweJson#toFlattenedJson()}.
         *
         * @throws IllegalStateException without a recipient
         * @throws IllegalArgumentException if the headers are not disjoint or a decrypter would refuse them
         * @throws JoseException if key management fails in the JCA provider
         */
        public JweJson build() throws JoseException {
            if (encrypters.isEmpty()) {
                throw new IllegalStateException("a JWE needs at least one recipient");
            }
            ContentEncryption enc = encrypters.get(0).encryption();
            Map<String, Object> protectedMembers = protectedHeader.buildShared(enc, compress);
            String protectedPart = Base64Url.encode(Json.write(protectedMembers));
            boolean sharedKid = protectedMembers.containsKey("kid") || sharedUnprotected.containsKey("kid");
            List<KeyManagement.Cek> ceks = new ArrayList<>(encrypters.size());
            byte[] cek = null;
            try {
                if (isDirect(encrypters.get(0))) {
                    ceks.add(encrypters.get(0).encryptCek(null));
                    cek = ceks.get(0).cek.clone();
                } else {
                    cek = new byte[enc.keyLength()];
                    random.nextBytes(cek);
                    for (JweEncrypter e : encrypters) {
                        ceks.add(e.encryptCek(cek));
                    }
                }
                List<Recipient> recipients = new ArrayList<>(encrypters.size());
                for (int i = 0; i < encrypters.size(); i++) {
                    JweEncrypter e = encrypters.get(i);
                    Map<String, Object> own = new LinkedHashMap<>();
                    own.put("alg", e.algorithm().identifier());
                    String kid = e.recipientKeyId();
                    if (kid != null && !sharedKid) {
                        own.put("kid", kid);
                    }
                    own.putAll(ceks.get(i).headerMembers);
                    own.putAll(recipientHeaders.get(i));
                    own = Collections.unmodifiableMap(own);
                    JweHeader union;
                    try {
                        union = union(protectedMembers, sharedUnprotected, own, "");
                    } catch (JoseException rejected) {
                        throw new IllegalArgumentException(rejected.detail());
                    }
                    recipients.add(new Recipient(protectedMembers, own, union, ceks.get(i).encryptedKey));
                }
                String aadPart = aad == null ? null : Base64Url.encode(aad);
                byte[] iv = new byte[enc.ivLength()];
                random.nextBytes(iv);
                byte[] content = compress ? Deflate.compress(plaintext) : plaintext;
                byte[][] sealed = enc.seal(cek, iv, JweJson.aad(protectedPart, aadPart), content);
                return new JweJson(
                        protectedPart,
                        protectedMembers,
                        sharedUnprotected,
                        List.copyOf(recipients),
                        aadPart,
                        iv,
                        sealed[0],
                        sealed[1],
                        recipients.size() == 1,
                        null,
                        null,
                        null);
            } finally {
                if (cek != null) {
                    Arrays.fill(cek, (byte) 0);
                }
                for (KeyManagement.Cek c : ceks) {
                    Arrays.fill(c.cek, (byte) 0);
                }
            }
        }
    }
}
