package dev.signet.cli.token;

import dev.signet.cli.io.CommandFailure;
import dev.signet.cli.io.Durations;
import dev.signet.cli.io.JsonText;
import dev.signet.jose.Base64Url;
import dev.signet.jose.ContentEncryption;
import dev.signet.jose.JoseException;
import dev.signet.jose.JweAlgorithm;
import dev.signet.jose.JweDecrypter;
import dev.signet.jose.JwsAlgorithm;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * What a token says and what is risky about it, read without a key and without trusting it.
 * Each warning has a stable code; the table in docs/cli.md lists them.
 */
final class TokenInspection {

    /** One finding: a stable code and a one-line explanation. */
    record Warning(String code, String message) {}

    /** A time claim as UTC and relative to now. */
    record Time(String claim, Instant at, String relative) {}

    /** Over this a token no longer fits a cookie (4096 bytes, RFC 6265 §6.1) or many header limits. */
    static final int LARGE_TOKEN_BYTES = 4096;
    /** Access tokens should live minutes; over an hour is flagged. */
    static final Duration ACCESS_TOKEN_LIFETIME = Duration.ofHours(1);

    /** Claim names of the OpenID Connect standard claims (OIDC Core §5.1) that identify a person. */
    static final List<String> PERSONAL_CLAIMS = List.of(
            "email",
            "phone_number",
            "address",
            "birthdate",
            "name",
            "given_name",
            "family_name",
            "middle_name",
            "nickname",
            "preferred_username",
            "gender");

    private static final Pattern US_SSN = Pattern.compile("(?<!\\d)\\d{3}-\\d{2}-\\d{4}(?!\\d)");
    private static final Pattern EMAIL =
            Pattern.compile("[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,}");
    private static final List<String> TIME_CLAIMS = List.of("iat", "nbf", "exp", "auth_time");

    final String type;
    final Map<String, Object> header;
    /** The claims of a JWS, or null for a JWE (its payload is encrypted). */
    final Map<String, Object> claims;

    final int size;
    final List<Time> times = new ArrayList<>();
    final List<Warning> warnings = new ArrayList<>();

    private TokenInspection(String type, Map<String, Object> header, Map<String, Object> claims, int size) {
        this.type = type;
        this.header = header;
        this.claims = claims;
        this.size = size;
    }

    boolean encrypted() {
        return claims == null;
    }

    /**
     * Decodes {@code token} (compact JWS or JWE) and judges it at {@code now}.
     *
     * @throws CommandFailure rejected {@code MALFORMED} when it is not a JWT at all
     */
    static TokenInspection of(String token, Instant now) {
        return of(token, now, null);
    }

    /**
     * As {@link #of(String, Instant)}, also judging the header against the issuer's JWK Set:
     * {@code setKeyIds} holds the {@code kid} of each key in it (null for a key without one), or
     * is null when no set was given.
     */
    static TokenInspection of(String token, Instant now, List<String> setKeyIds) {
        String[] parts = token.split("\\.", -1);
        int size = token.length();
        TokenInspection t;
        if (parts.length == 3) {
            Map<String, Object> header = object(parts[0], "header");
            if (Boolean.FALSE.equals(header.get("b64"))) {
                throw CommandFailure.rejected(
                        "MALFORMED", "the payload is not Base64URL-encoded (b64: false): a JWS," + " but not a JWT");
            }
            t = new TokenInspection("JWS", header, object(parts[1], "payload"), size);
            t.judgeSigned(parts[2], now);
        } else if (parts.length == 5) {
            t = new TokenInspection("JWE", object(parts[0], "header"), null, size);
            t.judgeEncrypted();
        } else {
            throw CommandFailure.rejected(
                    "MALFORMED",
                    "a JWT has 3 dot-separated parts (signed, JWS) or 5" + " (encrypted, JWE); this one has "
                            + parts.length + (parts.length < 3 ? " (truncated?)" : ""));
        }
        t.judgeHeader(setKeyIds);
        if (size > LARGE_TOKEN_BYTES) {
            t.warn(
                    "LARGE_TOKEN",
                    "the token is " + size + " bytes: over 4 KiB it no longer fits in a cookie, and"
                            + " some proxies and servers reject headers that large");
        }
        return t;
    }

    private static Map<String, Object> object(String part, String what) {
        byte[] bytes;
        try {
            bytes = Base64Url.decode(part);
        } catch (JoseException e) {
            throw CommandFailure.rejected("MALFORMED", "the " + what + " is not valid Base64URL: " + e.detail());
        }
        if (bytes.length == 0) {
            throw CommandFailure.rejected("MALFORMED", "the " + what + " is empty");
        }
        String json;
        try {
            json = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw CommandFailure.rejected(
                    "MALFORMED",
                    "the " + what + " decodes to binary data, not JSON"
                            + ("payload".equals(what) ? " (a JWS, but not a JWT)" : ""));
        }
        try {
            return JsonText.parseObject(json);
        } catch (JsonText.InvalidJson e) {
            throw CommandFailure.rejected(
                    "MALFORMED",
                    "the " + what + " is not a JSON object (" + e.getMessage() + ")"
                            + ("payload".equals(what) ? "; a JWS, but not a JWT" : ""));
        }
    }

    private void warn(String code, String message) {
        warnings.add(new Warning(code, message));
    }

    private void judgeHeader(List<String> setKeyIds) {
        for (String[] h : new String[][] {
            {"jku", "JKU_HEADER", "points to a JWK Set URL"},
            {"x5u", "X5U_HEADER", "points to a certificate URL"},
            {"jwk", "JWK_HEADER", "embeds its own public key"}
        }) {
            if (header.containsKey(h[0])) {
                warn(
                        h[1],
                        "header " + h[0] + " " + h[2] + ": a verifier that trusts it lets the token pick the key"
                                + " that verifies it; verifiers must ignore it or check it against an allow-list");
            }
        }
        Object kid = header.get("kid");
        if (kid == null && !"none".equalsIgnoreCase(String.valueOf(header.get("alg")))) {
            if (setKeyIds == null) {
                warn(
                        "NO_KID",
                        encrypted()
                                ? "no kid in the header: when the recipient has several keys (key rotation), a"
                                        + " decrypter"
                                        + " cannot tell which one the token was encrypted to and must try each, or fail"
                                : "no kid in the header: when the issuer publishes several keys (key rotation), a"
                                        + " verifier cannot tell which one signed it and must try each, or fail");
            } else if (setKeyIds.size() > 1) {
                warn(
                        "NO_KID",
                        "no kid in the header, and the issuer's JWK Set has " + setKeyIds.size() + " keys: a"
                                + " verifier cannot tell which one signed it and must try each, or fail");
            } else {
                warn(
                        "NO_KID",
                        "no kid in the header: harmless while the issuer's JWK Set has one key, but at the"
                                + " next key rotation verifiers cannot tell the old key from the new");
            }
        }
        if (kid instanceof String string && setKeyIds != null && !setKeyIds.contains(kid)) {
            warn(
                    "KID_NOT_IN_JWKS",
                    "kid \"" + JsonText.escape(string) + "\" is not among the "
                            + setKeyIds.size() + " keys of the given JWK Set: verifiers will reject the token"
                            + " (KEY_NOT_FOUND); the key was rotated out, or the token is from another issuer");
        }
    }

    /**
     * The fewest PBES2 iterations ({@code p2c}) that are not flagged: OWASP's 2023 figures for
     * PBKDF2, 600,000 with HMAC-SHA-256 and 210,000 with HMAC-SHA-512 (also used for SHA-384).
     */
    static long pbes2Floor(JweAlgorithm alg) {
        return alg == JweAlgorithm.PBES2_HS256_A128KW ? 600_000 : 210_000;
    }

    private void judgeEncrypted() {
        Object algValue = header.get("alg");
        String alg = algValue instanceof String string ? string : null;
        JweAlgorithm known = JweAlgorithm.fromIdentifier(alg);
        if (known == null) {
            warn(
                    "ALG_UNKNOWN",
                    alg == null
                            ? "the header has no alg (as a string); no recipient can decrypt it"
                            : "alg \"" + JsonText.escape(alg) + "\" is not a JWE key management algorithm Signet knows;"
                                    + " decrypters will reject it");
        } else if (known == JweAlgorithm.RSA1_5) {
            warn(
                    "ALG_RSA1_5",
                    "RSA1_5 (RSAES-PKCS1-v1_5) is a padding oracle (Bleichenbacher): a recipient that"
                            + " answers differently to bad padding leaks the key's decryptions; use RSA-OAEP-256");
        }
        Object enc = header.get("enc");
        if (!(enc instanceof String string) || ContentEncryption.fromIdentifier(string) == null) {
            warn(
                    "ENC_UNKNOWN",
                    enc instanceof String string
                            ? "enc \"" + JsonText.escape(string) + "\" is not a"
                                    + " content encryption Signet knows; decrypters will reject it"
                            : "the header has no enc (as a string); no recipient can decrypt it");
        }
        if (known != null && known.identifier().startsWith("PBES2")) {
            Object p2c = header.get("p2c");
            BigInteger count = p2c instanceof Long l
                    ? BigInteger.valueOf(l)
                    : p2c instanceof BigInteger bigInteger ? bigInteger : null;
            long floor = pbes2Floor(known);
            if (count == null) {
                warn(
                        "PBES2_BAD_COUNT",
                        "p2c, the PBES2 iteration count, is missing or not an integer; decrypters"
                                + " will reject the token");
            } else if (count.compareTo(BigInteger.valueOf(JweDecrypter.DEFAULT_MAX_PBES2_ITERATIONS)) > 0) {
                warn(
                        "PBES2_COUNT_TOO_HIGH",
                        "p2c " + count + " is over " + JweDecrypter.DEFAULT_MAX_PBES2_ITERATIONS
                                + ", the most signet (and JweDecrypter by default) accepts: each iteration is work"
                                + " the sender"
                                + " makes the recipient do, so huge counts are a denial-of-service attack");
            } else if (count.compareTo(BigInteger.valueOf(floor)) < 0) {
                warn(
                        "PBES2_LOW_COUNT",
                        "p2c " + count + " is below " + floor + " (OWASP's figure for "
                                + known.identifier().substring(6, 11)
                                + "): whoever holds the token can guess the password offline that much faster");
            }
        }
        if (header.containsKey("zip")) {
            warn(
                    "COMPRESSED",
                    "zip: the payload was compressed before encryption, so the ciphertext's length"
                            + " reveals how compressible it is; with attacker-influenced text next to a secret"
                            + " that leaks the"
                            + " secret (CRIME/BREACH)");
        }
    }

    private void judgeSigned(String signature, Instant now) {
        Object algValue = header.get("alg");
        String alg = algValue instanceof String string ? string : null;
        JwsAlgorithm known = JwsAlgorithm.fromIdentifier(alg);
        if (alg != null && alg.equalsIgnoreCase("none")) {
            warn(
                    "ALG_NONE",
                    "alg is \"" + JsonText.escape(alg) + "\": the token is unsigned"
                            + (signature.isEmpty() ? "" : " (yet carries a signature part)")
                            + ", so anyone can forge it; no verifier may accept it");
        } else if (known == null) {
            warn(
                    "ALG_UNKNOWN",
                    alg == null
                            ? "the header has no alg (as a string); no verifier can check the signature"
                            : "alg \"" + JsonText.escape(alg) + "\" is not a JWS algorithm Signet knows; verifiers will"
                                    + " reject it");
        }
        judgeRegisteredTypes();
        Object iss = claims.get("iss");
        if (known != null
                && known.isSymmetric()
                && iss instanceof String string
                && string.toLowerCase(Locale.ROOT).matches("https?://.*")) {
            warn(
                    "HMAC_WITH_URL_ISSUER",
                    known.identifier() + " (a shared secret) from an issuer URL: every service"
                            + " that verifies can also mint tokens; issuers that publish at a URL customarily sign with"
                            + " asymmetric keys (ES256, RS256, EdDSA) and publish the public ones as a JWKS");
        }
        Instant exp = instant("exp");
        Instant iat = instant("iat");
        Instant nbf = instant("nbf");
        if (!claims.containsKey("exp")) {
            warn("NO_EXPIRY", "no exp: the token never expires, so if it leaks it works forever");
        }
        if (exp != null && isAccessToken()) {
            Instant start = iat != null ? iat : nbf != null ? nbf : now;
            Duration lifetime = Duration.between(start, exp);
            if (lifetime.compareTo(ACCESS_TOKEN_LIFETIME) > 0) {
                warn(
                        "LONG_LIVED_ACCESS_TOKEN",
                        "an access token that lives " + Durations.describe(lifetime)
                                + ": over 1h, a stolen one stays useful for long; issue short-lived access tokens and"
                                + " refresh them");
            }
        }
        if (!claims.containsKey("aud")) {
            warn(
                    "NO_AUDIENCE",
                    "no aud: every service that trusts this issuer would accept the token, so one"
                            + " service can replay it at another");
        }
        if (!claims.containsKey("iss")) {
            warn(
                    "NO_ISSUER",
                    "no iss: a verifier cannot tell who issued it, nor keep tokens of different issuers" + " apart");
        }
        if (exp != null && !now.isBefore(exp)) {
            warn("EXPIRED", "expired " + Durations.describe(Duration.between(exp, now)) + " ago: verifiers reject it");
        }
        if (nbf != null && now.isBefore(nbf)) {
            warn(
                    "NOT_YET_VALID",
                    "not valid for another " + Durations.describe(Duration.between(now, nbf))
                            + ": verifiers reject it until then");
        }
        judgePersonalData();
        for (String name : TIME_CLAIMS) {
            Instant at = instant(name);
            if (at != null) {
                times.add(new Time(name, at, relative(name, at, now)));
            }
        }
    }

    /** RFC 7519 §4.1 types; a verifier rejects a token whose registered claim has the wrong type. */
    private void judgeRegisteredTypes() {
        for (String name : List.of("iss", "sub", "jti")) {
            if (claims.containsKey(name) && !(claims.get(name) instanceof String)) {
                warn(
                        "INVALID_CLAIM",
                        "claim " + name + " must be a string (RFC 7519 §4.1); verifiers reject the token");
            }
        }
        Object aud = claims.get("aud");
        if (claims.containsKey("aud")
                && !(aud instanceof String
                        || (aud instanceof List && ((List<?>) aud).stream().allMatch(String.class::isInstance)))) {
            warn(
                    "INVALID_CLAIM",
                    "claim aud must be a string or an array of strings (RFC 7519 §4.1.3); verifiers"
                            + " reject the token");
        }
        for (String name : List.of("exp", "nbf", "iat")) {
            if (claims.containsKey(name) && !(claims.get(name) instanceof Number)) {
                warn(
                        "INVALID_CLAIM",
                        "claim " + name + " must be a number of seconds since 1970 (RFC 7519 §2"
                                + " NumericDate), found " + kind(claims.get(name)) + "; verifiers reject the token");
            }
        }
    }

    private static String kind(Object v) {
        return v == null
                ? "null"
                : v instanceof String
                        ? "a string"
                        : v instanceof Boolean
                                ? "a boolean"
                                : v instanceof List ? "an array" : v instanceof Map ? "an object" : "a number";
    }

    private boolean isAccessToken() {
        Object typ = header.get("typ");
        boolean at = typ instanceof String string
                && (string.equalsIgnoreCase("at+jwt") || string.equalsIgnoreCase("application/at+jwt"));
        return at || claims.containsKey("scope") || claims.containsKey("scp");
    }

    private void judgePersonalData() {
        Set<String> found = new TreeSet<>();
        for (String name : PERSONAL_CLAIMS) {
            if (claims.containsKey(name)) {
                found.add(name);
            }
        }
        for (Map.Entry<String, Object> e : claims.entrySet()) {
            List<String> strings = new ArrayList<>();
            strings(e.getValue(), strings);
            for (String s : strings) {
                if (US_SSN.matcher(s).find()) {
                    found.add(e.getKey() + " (national-ID-like number)");
                } else if (!PERSONAL_CLAIMS.contains(e.getKey())
                        && EMAIL.matcher(s).find()) {
                    found.add(e.getKey() + " (e-mail address)");
                }
            }
        }
        if (!found.isEmpty()) {
            List<String> shown = new ArrayList<>();
            for (String f : found) {
                shown.add(JsonText.escape(f));
            }
            warn(
                    "PERSONAL_DATA",
                    "personal data in plain claims: " + String.join(", ", shown) + ". A signed JWT is"
                            + " only encoded: anyone who holds it (logs, browsers, proxies) can read them; leave"
                            + " them out,"
                            + " or encrypt the token (JWE)");
        }
    }

    private static void strings(Object v, List<String> out) {
        if (v instanceof String string) {
            out.add(string);
        } else if (v instanceof List) {
            for (Object o : (List<?>) v) {
                strings(o, out);
            }
        } else if (v instanceof Map) {
            for (Object o : ((Map<?, ?>) v).values()) {
                strings(o, out);
            }
        }
    }

    /** A NumericDate claim, or null when absent, not a number, or beyond what Instant holds. */
    private Instant instant(String name) {
        Object v = claims.get(name);
        try {
            if (v instanceof Long l) {
                return Instant.ofEpochSecond(l);
            }
            if (v instanceof Double d && Double.isFinite(d)) {
                return Instant.ofEpochSecond((long) Math.floor(d));
            }
            if (v instanceof BigInteger bigInteger) {
                return Instant.ofEpochSecond(bigInteger.longValueExact());
            }
        } catch (ArithmeticException | java.time.DateTimeException e) {
            return null;
        }
        return null;
    }

    private static String relative(String name, Instant at, Instant now) {
        boolean future = at.isAfter(now);
        String d = Durations.describe(Duration.between(now, at));
        return switch (name) {
            case "exp" -> future ? "expires in " + d : "expired " + d + " ago";
            case "nbf" -> future ? "valid in " + d : "valid since " + d + " ago";
            case "iat" -> future ? "issued in the future, in " + d : "issued " + d + " ago";
            default -> future ? "in " + d : d + " ago";
        };
    }

    /** The whole inspection as one JSON-ready document. */
    Map<String, Object> toDocument() {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("type", type);
        doc.put("header", header);
        doc.put("claims", claims);
        doc.put("encrypted", encrypted());
        doc.put("size", size);
        Map<String, Object> t = new LinkedHashMap<>();
        for (Time time : times) {
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("utc", time.at().truncatedTo(ChronoUnit.SECONDS).toString());
            one.put("relative", time.relative());
            t.put(time.claim(), one);
        }
        doc.put("times", t);
        List<Object> w = new ArrayList<>();
        for (Warning warning : warnings) {
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("code", warning.code());
            one.put("message", warning.message());
            w.add(one);
        }
        doc.put("warnings", w);
        return doc;
    }
}
