package dev.signet.cli.keys;

import picocli.CommandLine.Option;

/** {@code --key FILE} or {@code --key-env NAME}: exactly one says where the key comes from. */
public final class KeyOptions {

    @Option(names = "--key", paramLabel = "FILE", required = true,
            description = "Key file: a JWK, a JWK Set, or a PEM key or certificate ('-' reads stdin). verify also"
                    + " takes a JWKS URL: https://, or http:// on localhost only.")
    String file;

    @Option(names = "--key-env", paramLabel = "NAME", required = true,
            description = "Read the key from environment variable NAME: a JWK/JWK Set/PEM, a secret or password as"
                    + " text, or a secret as Base64URL after 'b64u:'.")
    String env;

    /** Where the options say the key is. */
    public KeyLocation location() {
        return new KeyLocation(file, env);
    }
}
