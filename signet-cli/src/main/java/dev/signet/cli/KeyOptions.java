package dev.signet.cli;

import picocli.CommandLine.Option;

/** {@code --key FILE} or {@code --key-env NAME}: exactly one says where the key comes from. */
final class KeyOptions {

    @Option(names = "--key", paramLabel = "FILE", required = true,
            description = "Key file: a JWK, a JWK Set, or a PEM key or certificate ('-' reads stdin). verify also"
                    + " takes a JWKS URL: https://, or http:// on localhost only.")
    String file;

    @Option(names = "--key-env", paramLabel = "NAME", required = true,
            description = "Read the key from environment variable NAME: a JWK/JWK Set/PEM, a secret or password as"
                    + " text, or a secret as Base64URL after 'b64u:'.")
    String env;

    /** The parsed key document, and a name for it in messages. */
    KeyMaterial.Parsed load(Main main, boolean allowUrl) {
        Inputs inputs = main.inputs();
        if (env != null) {
            return KeyMaterial.fromEnvironment(env, main.env(env));
        }
        if (allowUrl && JwksFetcher.isUrl(file)) {
            return KeyMaterial.parse(JwksFetcher.fetch(file), file);
        }
        if (JwksFetcher.isUrl(file)) {
            throw CommandFailure.usage("--key must be a file here, not a URL");
        }
        return KeyMaterial.parse(inputs.document(file, "key"), source());
    }

    /**
     * As {@link #load(Main, boolean)} without URLs; with {@code passwordFile}, a file that holds
     * neither a JWK nor a PEM key is a PBES2 password: its UTF-8 text, without a final line break.
     */
    KeyMaterial.Parsed loadPassword(Main main) {
        if (env != null || JwksFetcher.isUrl(file)) {
            return load(main, false);
        }
        String text = main.inputs().document(file, "key");
        String t = text.strip();
        if (t.startsWith("{") || t.startsWith("-----BEGIN")) {
            return KeyMaterial.parse(text, source());
        }
        String password = text.endsWith("\r\n") ? text.substring(0, text.length() - 2)
                : text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
        return KeyMaterial.password(password, source());
    }

    String source() {
        return env != null ? "environment variable " + env : file.equals("-") ? "standard input" : file;
    }
}
