package dev.signet.server.http;

import dev.signet.jose.UntrustedText;
import dev.signet.server.oauth.OAuthError;
import dev.signet.server.oauth.TokenRequest;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A strictly parsed {@code application/x-www-form-urlencoded} body (RFC 6749 Appendix B): UTF-8
 * only, every percent escape well formed, no parameter repeated unless the caller allows it, no
 * control characters in values.
 */
public final class FormBody implements TokenRequest.Parameters {

    private static final int MAX_PARAMETERS = 64;

    private final Map<String, List<String>> params;

    private FormBody(Map<String, List<String>> params) {
        this.params = params;
    }

    /** Checks the media type: form encoding, and UTF-8 if a charset is named. */
    public static void requireFormContentType(String contentType) {
        if (contentType == null) {
            throw OAuthError.invalidRequest("Content-Type must be application/x-www-form-urlencoded");
        }
        String[] parts = contentType.split(";", -1);
        if (!parts[0].trim().equalsIgnoreCase("application/x-www-form-urlencoded")) {
            throw OAuthError.invalidRequest("Content-Type must be application/x-www-form-urlencoded, not "
                    + UntrustedText.printable(parts[0].trim()));
        }
        for (int i = 1; i < parts.length; i++) {
            String p = parts[i].trim().toLowerCase(Locale.ROOT);
            if (p.startsWith("charset=") && !p.equals("charset=utf-8") && !p.equals("charset=\"utf-8\"")) {
                throw OAuthError.invalidRequest("the form must be UTF-8");
            }
        }
    }

    /** Parses the body; {@code repeatable} names the parameters that may occur more than once. */
    public static FormBody parse(byte[] body, List<String> repeatable) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        if (body.length == 0) {
            return new FormBody(out);
        }
        int count = 0;
        int start = 0;
        for (int i = 0; i <= body.length; i++) {
            if (i == body.length || body[i] == '&') {
                if (i > start) {
                    if (++count > MAX_PARAMETERS) {
                        throw OAuthError.invalidRequest("too many parameters");
                    }
                    int eq = -1;
                    for (int j = start; j < i; j++) {
                        if (body[j] == '=') {
                            eq = j;
                            break;
                        }
                    }
                    String name = decode(body, start, eq < 0 ? i : eq);
                    String value = eq < 0 ? "" : decode(body, eq + 1, i);
                    if (name.isEmpty()) {
                        throw OAuthError.invalidRequest("a parameter has no name");
                    }
                    List<String> values = out.computeIfAbsent(name, k -> new ArrayList<>(1));
                    if (!values.isEmpty() && !repeatable.contains(name)) {
                        throw OAuthError.invalidRequest("parameter " + UntrustedText.printable(name) + " is repeated");
                    }
                    values.add(value);
                }
                start = i + 1;
            }
        }
        return new FormBody(out);
    }

    /** The single value of a parameter, or null when absent. An empty value counts as absent (RFC 6749 §3.1). */
    @Override
    public String get(String name) {
        List<String> v = params.get(name);
        return v == null || v.get(0).isEmpty() ? null : v.get(0);
    }

    /** Every value of a repeatable parameter. */
    public List<String> all(String name) {
        List<String> v = params.get(name);
        return v == null ? List.of() : v.stream().filter(s -> !s.isEmpty()).toList();
    }

    public boolean has(String name) {
        return get(name) != null;
    }

    private static String decode(byte[] b, int from, int to) {
        ByteBuffer buf = ByteBuffer.allocate(to - from);
        for (int i = from; i < to; i++) {
            byte c = b[i];
            if (c == '+') {
                buf.put((byte) ' ');
            } else if (c == '%') {
                if (i + 2 >= to) {
                    throw OAuthError.invalidRequest("the form has a truncated percent escape");
                }
                int hi = Character.digit(b[i + 1], 16);
                int lo = Character.digit(b[i + 2], 16);
                if (hi < 0 || lo < 0) {
                    throw OAuthError.invalidRequest("the form has an invalid percent escape");
                }
                buf.put((byte) (hi << 4 | lo));
                i += 2;
            } else {
                buf.put(c);
            }
        }
        buf.flip();
        String s;
        try {
            s = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(buf)
                    .toString();
        } catch (CharacterCodingException e) {
            throw OAuthError.invalidRequest("the form is not valid UTF-8");
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7F) {
                throw OAuthError.invalidRequest("the form holds a control character");
            }
        }
        return s;
    }
}
