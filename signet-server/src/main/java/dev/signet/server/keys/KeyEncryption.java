package dev.signet.server.keys;

import dev.signet.jose.Base64Url;
import dev.signet.jose.JoseException;
import dev.signet.server.DataDirectory;
import dev.signet.server.config.ConfigException;
import dev.signet.server.config.Setting;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.function.Consumer;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts private signing keys at rest with AES-256-GCM under the key-encryption key (KEK). Each
 * ciphertext is bound to its tenant and key id as associated data, so a ciphertext moved to another
 * row does not decrypt.
 */
public final class KeyEncryption {

    private static final String PREFIX = "A256GCM.";
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKey kek;

    KeyEncryption(byte[] kek) {
        if (kek.length != 32) {
            throw new IllegalArgumentException("the key-encryption key must be 256 bits");
        }
        this.kek = new SecretKeySpec(kek, "AES");
    }

    /**
     * The KEK from the environment variable named by {@code keys.kek-env}, else from the file
     * {@code keys.kek-file}; when neither exists and {@code mayGenerate}, a new one is written to
     * the file with owner-only permissions and {@code warn} is told.
     */
    public static KeyEncryption load(
            String kekEnv, Path kekFile, Map<String, String> env, boolean mayGenerate, Consumer<String> warn) {
        if (kekEnv != null) {
            String value = env.get(kekEnv);
            if (value == null) {
                throw new ConfigException(Setting.KEYS_KEK_ENV.key(), "environment variable " + kekEnv + " is not set");
            }
            return new KeyEncryption(decode(Setting.KEYS_KEK_ENV.key(), "environment variable " + kekEnv, value));
        }
        if (Files.exists(kekFile)) {
            try {
                return new KeyEncryption(decode(
                        Setting.KEYS_KEK_FILE.key(),
                        kekFile.toString(),
                        Files.readString(kekFile, StandardCharsets.US_ASCII)));
            } catch (IOException e) {
                throw new ConfigException(
                        Setting.KEYS_KEK_FILE.key(), "cannot read " + kekFile + ": " + e.getMessage());
            }
        }
        if (!mayGenerate) {
            throw new ConfigException(
                    Setting.KEYS_KEK_FILE.key(),
                    kekFile + " does not exist; set keys.kek-env or"
                            + " keys.kek-file to a Base64 256-bit key (e.g. `openssl rand -base64 32`)");
        }
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        try {
            Path dir = kekFile.toAbsolutePath().getParent();
            if (dir != null) {
                Files.createDirectories(dir);
            }
            DataDirectory.createOwnerOnlyFile(kekFile);
            Files.writeString(kekFile, Base64.getEncoder().encodeToString(key) + "\n", StandardCharsets.US_ASCII);
        } catch (FileAlreadyExistsException raced) {
            Arrays.fill(key, (byte) 0);
            return load(null, kekFile, env, false, warn);
        } catch (IOException e) {
            throw new ConfigException(Setting.KEYS_KEK_FILE.key(), "cannot write " + kekFile + ": " + e.getMessage());
        }
        warn.accept(
                "generated a key-encryption key in " + kekFile + " (mode 0600). Signing keys are encrypted under it:"
                        + " back it up, keep it apart from the database, and in production pass it with"
                        + " keys.kek-env or keys.kek-file.");
        KeyEncryption result = new KeyEncryption(key);
        Arrays.fill(key, (byte) 0);
        return result;
    }

    private static byte[] decode(String setting, String source, String value) {
        byte[] key;
        try {
            key = Base64.getDecoder().decode(value.strip());
        } catch (IllegalArgumentException e) {
            throw new ConfigException(setting, source + " is not Base64; expected a Base64 256-bit key");
        }
        if (key.length != 32) {
            throw new ConfigException(
                    setting, source + " holds " + key.length * 8 + " bits; expected a Base64 256-bit key");
        }
        return key;
    }

    /** Encrypts {@code plaintext} bound to {@code context}. */
    public String encrypt(String plaintext, String context) {
        byte[] iv = new byte[IV_BYTES];
        RANDOM.nextBytes(iv);
        byte[] pt = plaintext.getBytes(StandardCharsets.UTF_8);
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, kek, new GCMParameterSpec(TAG_BITS, iv));
            c.updateAAD(context.getBytes(StandardCharsets.UTF_8));
            byte[] ct = c.doFinal(pt);
            return PREFIX
                    + Base64Url.encode(ByteBuffer.allocate(iv.length + ct.length)
                            .put(iv)
                            .put(ct)
                            .array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-256-GCM encryption failed", e);
        } finally {
            Arrays.fill(pt, (byte) 0);
        }
    }

    /**
     * Decrypts what {@link #encrypt} wrote for the same {@code context}.
     *
     * @throws IllegalStateException when the ciphertext is damaged, belongs elsewhere, or the KEK is not the one used
     */
    public String decrypt(String ciphertext, String context) {
        if (!ciphertext.startsWith(PREFIX)) {
            throw new IllegalStateException("stored key for " + context + " is not in the A256GCM format");
        }
        try {
            byte[] all = Base64Url.decode(ciphertext.substring(PREFIX.length()));
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, kek, new GCMParameterSpec(TAG_BITS, all, 0, IV_BYTES));
            c.updateAAD(context.getBytes(StandardCharsets.UTF_8));
            byte[] pt = c.doFinal(all, IV_BYTES, all.length - IV_BYTES);
            try {
                return new String(pt, StandardCharsets.UTF_8);
            } finally {
                Arrays.fill(pt, (byte) 0);
            }
        } catch (JoseException | GeneralSecurityException e) {
            throw new IllegalStateException(
                    "cannot decrypt the stored key for " + context
                            + ": wrong key-encryption key, or the stored value was altered",
                    e);
        }
    }
}
