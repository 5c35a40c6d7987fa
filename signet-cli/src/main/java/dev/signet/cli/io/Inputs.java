package dev.signet.cli.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where tokens, keys and documents come from: an argument, {@code @file}, or {@code -} (standard
 * input). Everything is read with a size cap and decoded as strict UTF-8.
 */
public final class Inputs {

    /** Larger input is refused before it is parsed: no token, key or claims file is this big. */
    public static final int MAX_BYTES = 1 << 20;

    private final InputStream stdin;

    Inputs(InputStream stdin) {
        this.stdin = stdin;
    }

    /**
     * A compact token from {@code arg} ({@code TOKEN}, {@code @file} or {@code -}; null reads
     * standard input), trimmed, with an HTTP {@code Bearer } prefix removed.
     *
     * @throws CommandFailure usage (exit 2) when there is nothing to read; rejected
     *     {@code MALFORMED}/{@code TOO_LARGE} (exit 1) when what was read cannot be a token
     */
    public String token(String arg) {
        String source = arg == null ? "-" : arg;
        byte[] bytes;
        if (source.equals("-")) {
            bytes = readStdin("token");
        } else if (source.startsWith("@")) {
            bytes = readFile(source.substring(1), "token");
        } else {
            bytes = source.getBytes(StandardCharsets.UTF_8);
        }
        if (bytes.length > MAX_BYTES) {
            throw CommandFailure.rejected("TOO_LARGE", "the token is over " + MAX_BYTES + " bytes");
        }
        String text;
        try {
            text = utf8(bytes);
        } catch (CharacterCodingException e) {
            throw CommandFailure.rejected("MALFORMED", "the input is binary, not a token (it is not UTF-8 text)");
        }
        String t = text.strip();
        if (t.regionMatches(true, 0, "Bearer ", 0, 7)) {
            t = t.substring(7).strip();
        }
        if (t.isEmpty()) {
            throw CommandFailure.usage(
                    "no token in " + describe(source) + "; pass the token as an argument, as @FILE, or pipe it to '-'");
        }
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            boolean ok = (c >= 'A' && c <= 'Z')
                    || (c >= 'a' && c <= 'z')
                    || (c >= '0' && c <= '9')
                    || c == '-'
                    || c == '_'
                    || c == '.';
            if (!ok) {
                if (namesFile(source)) {
                    throw CommandFailure.usage(
                            "'" + source + "' is a file, not a token; to read the token from it, write @" + source);
                }
                throw CommandFailure.rejected(
                        "MALFORMED",
                        "a compact token holds only Base64URL characters and"
                                + " dots; found "
                                + (c < 0x20 || c > 0x7e ? String.format("U+%04X", (int) c) : "'" + c + "'")
                                + " at position " + i);
            }
        }
        return t;
    }

    /** True when a token argument is really the path of an existing file (the user forgot the {@code @}). */
    private static boolean namesFile(String source) {
        if (source.equals("-") || source.startsWith("@")) {
            return false;
        }
        try {
            return java.nio.file.Files.isRegularFile(java.nio.file.Path.of(source));
        } catch (java.nio.file.InvalidPathException | SecurityException e) {
            return false;
        }
    }

    /** A text document from a file path, {@code @path} or {@code -}; usage failure when unreadable. */
    public String document(String source, String what) {
        byte[] bytes = source.equals("-")
                ? readStdin(what)
                : readFile(source.startsWith("@") ? source.substring(1) : source, what);
        if (bytes.length > MAX_BYTES) {
            throw CommandFailure.usage("the " + what + " in " + describe(source) + " is over " + MAX_BYTES + " bytes");
        }
        try {
            String text = utf8(bytes);
            if (text.isBlank()) {
                throw CommandFailure.usage("the " + what + " in " + describe(source) + " is empty");
            }
            return text;
        } catch (CharacterCodingException e) {
            throw CommandFailure.usage("the " + what + " in " + describe(source)
                    + " is binary (not UTF-8 text); give a JWK, a JWK Set or a PEM file");
        }
    }

    /**
     * Raw bytes to encrypt from {@code arg}: the argument's UTF-8 text, {@code @file} or {@code -}
     * (null reads standard input); binary content is fine. Usage failure when it is empty or over
     * {@link #MAX_BYTES}.
     */
    public byte[] payload(String arg) {
        String source = arg == null ? "-" : arg;
        byte[] bytes = source.equals("-")
                ? readStdin("payload")
                : source.startsWith("@")
                        ? readFile(source.substring(1), "payload")
                        : source.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > MAX_BYTES) {
            throw CommandFailure.usage("the payload in " + describe(source) + " is over " + MAX_BYTES + " bytes");
        }
        if (bytes.length == 0) {
            throw CommandFailure.usage("nothing to encrypt: " + describe(source) + " is empty; pass the payload as an"
                    + " argument, as @FILE, or pipe it to '-'");
        }
        return bytes;
    }

    /**
     * One line typed on standard input (an answer to a question), without its line break; at most
     * 256 bytes are kept. Null when standard input is at its end before anything was typed.
     */
    public String answer() {
        java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream();
        try {
            int b;
            while ((b = stdin.read()) != -1 && b != '\n') {
                if (line.size() < 256) {
                    line.write(b);
                }
            }
            if (b == -1 && line.size() == 0) {
                return null;
            }
        } catch (IOException e) {
            throw CommandFailure.usage("cannot read the answer from standard input: " + e.getMessage(), e);
        }
        return line.toString(StandardCharsets.UTF_8).strip();
    }

    /** The bytes as strict UTF-8 text, exactly (a BOM or NUL is kept), or null when they are not UTF-8. */
    public static String utf8OrNull(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    private byte[] readStdin(String what) {
        try {
            return stdin.readNBytes(MAX_BYTES + 1);
        } catch (IOException e) {
            throw CommandFailure.usage("cannot read the " + what + " from standard input: " + e.getMessage(), e);
        }
    }

    private static byte[] readFile(String path, String what) {
        Path p = Path.of(path);
        if (!Files.exists(p)) {
            throw CommandFailure.usage("no such file: " + path + " (the " + what + ")");
        }
        if (Files.isDirectory(p)) {
            throw CommandFailure.usage(path + " is a directory; give the " + what + " file");
        }
        try (InputStream in = Files.newInputStream(p)) {
            return in.readNBytes(MAX_BYTES + 1);
        } catch (IOException e) {
            throw CommandFailure.usage("cannot read " + path + ": " + e, e);
        }
    }

    private static String utf8(byte[] bytes) throws CharacterCodingException {
        String s = StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(bytes))
                .toString();
        if (s.indexOf('\0') >= 0) {
            throw new CharacterCodingException();
        }
        return s.startsWith("\uFEFF") ? s.substring(1) : s;
    }

    private static String describe(String source) {
        return source.equals("-") ? "standard input" : source.startsWith("@") ? source.substring(1) : "the argument";
    }

    /**
     * One line of standard input taken as a secret (a password piped in by a script): exactly as
     * given, without its line break, at most {@code maxBytes} bytes. Null at the end of input.
     */
    public String secretLine(int maxBytes) {
        java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream();
        try {
            int b;
            while ((b = stdin.read()) != -1 && b != '\n') {
                if (line.size() >= maxBytes) {
                    throw CommandFailure.usage("the line on standard input is over " + maxBytes + " bytes");
                }
                line.write(b);
            }
            if (b == -1 && line.size() == 0) {
                return null;
            }
        } catch (IOException e) {
            throw CommandFailure.usage("cannot read standard input: " + e.getMessage(), e);
        }
        String s = line.toString(StandardCharsets.UTF_8);
        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
    }
}
