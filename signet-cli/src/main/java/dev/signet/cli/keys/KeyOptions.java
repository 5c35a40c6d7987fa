package dev.signet.cli.keys;

import picocli.CommandLine.Option;

/**
 * {@code --key FILE} or {@code --key-env NAME}: exactly one says where the key comes from. A
 * command's other key options (such as {@code verify --decrypt-key}) name theirs through {@link #of}.
 */
public final class KeyOptions {

    @Option(
            names = "--key",
            paramLabel = "FILE",
            required = true,
            description = "Key file: a JWK, a JWK Set, or a PEM key or certificate ('-' reads stdin). verify also"
                    + " takes a JWKS URL: https://, or http:// on localhost only.")
    String file;

    @Option(
            names = "--key-env",
            paramLabel = "NAME",
            required = true,
            description = "Read the key from environment variable NAME: a JWK/JWK Set/PEM, a secret or password as"
                    + " text, or a secret as Base64URL after 'b64u:'.")
    String env;

    /** The key in {@code file} (a file, {@code -} or a JWKS URL), or else in environment variable {@code env}. */
    public static KeyOptions of(String file, String env) {
        KeyOptions options = new KeyOptions();
        options.file = file;
        options.env = env;
        return options;
    }

    /** Where the key is, as messages name it. */
    String source() {
        return env != null ? "environment variable " + env : file.equals("-") ? "standard input" : file;
    }
}
