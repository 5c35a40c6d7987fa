package dev.signet.server.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signet.server.config.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyEncryptionTest {

    @TempDir
    Path dir;

    @Test
    void zeroConfigGeneratesAnOwnerOnlyKeyFileWithAWarningAndReusesIt() throws Exception {
        Path file = dir.resolve("data/kek");
        List<String> warnings = new ArrayList<>();
        KeyEncryption first = KeyEncryption.load(null, file, Map.of(), true, warnings::add);

        assertThat(warnings)
                .singleElement()
                .asString()
                .contains("generated a key-encryption key")
                .contains("back it up");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
        assertThat(Base64.getDecoder().decode(Files.readString(file).strip())).hasSize(32);

        String ct = first.encrypt("secret", "t/k");
        KeyEncryption second = KeyEncryption.load(null, file, Map.of(), true, warnings::add);
        assertThat(second.decrypt(ct, "t/k")).isEqualTo("secret");
        assertThat(warnings).hasSize(1);
    }

    @Test
    void keyFromEnvironmentVariable() {
        String kek = Base64.getEncoder().encodeToString(new byte[32]);
        KeyEncryption e = KeyEncryption.load("MY_KEK", dir.resolve("unused"), Map.of("MY_KEK", kek), true, w -> {});
        assertThat(e.decrypt(e.encrypt("x", "c"), "c")).isEqualTo("x");
        assertThat(dir.resolve("unused")).doesNotExist();
    }

    @Test
    void badKeysStopStartUpNamingTheSetting() {
        assertThatThrownBy(() -> KeyEncryption.load("MY_KEK", dir.resolve("k"), Map.of(), true, w -> {}))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("keys.kek-env: ");
        assertThatThrownBy(() ->
                        KeyEncryption.load("MY_KEK", dir.resolve("k"), Map.of("MY_KEK", "c2hvcnQ="), true, w -> {}))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("256-bit");
        assertThatThrownBy(() -> KeyEncryption.load(null, dir.resolve("missing"), Map.of(), false, w -> {}))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("keys.kek-file: ");
    }

    @Test
    void ciphertextIsFreshAndTamperEvident() {
        KeyEncryption e = new KeyEncryption(new byte[32]);
        String a = e.encrypt("same", "c");
        assertThat(e.encrypt("same", "c")).isNotEqualTo(a);
        char last = a.charAt(a.length() - 1);
        String tampered = a.substring(0, a.length() - 1) + (last == 'A' ? 'B' : 'A');
        assertThatThrownBy(() -> e.decrypt(tampered, "c")).isInstanceOf(IllegalStateException.class);
    }
}
