package dev.signet.server.admin;

import dev.signet.server.DataDirectory;
import dev.signet.server.Secrets;
import dev.signet.server.store.AdminCredentialStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;

/**
 * The admin credential: a random bearer secret created at first start, stored only as a hash, and
 * handed to the operator once through a file readable by the owner alone.
 */
public final class AdminCredentials {

    static final String ID = "admin";

    private final AdminCredentialStore store;

    public AdminCredentials(AdminCredentialStore store) {
        this.store = store;
    }

    /**
     * Creates the credential if there is none yet and writes it to {@code file} (mode 0600).
     *
     * @return the file written, or empty when a credential already existed
     */
    public Optional<Path> bootstrap(Path file, Clock clock) throws IOException {
        if (store.secretHash(ID).isPresent()) {
            return Optional.empty();
        }
        String secret = Secrets.generate();
        if (!store.insertIfAbsent(ID, Secrets.hash(secret), clock.instant())) {
            return Optional.empty(); // another node created it first
        }
        Path dir = file.toAbsolutePath().getParent();
        if (dir != null) {
            Files.createDirectories(dir);
        }
        Files.deleteIfExists(file);
        DataDirectory.createOwnerOnlyFile(file);
        Files.writeString(file, secret + "\n", StandardCharsets.US_ASCII);
        return Optional.of(file);
    }

    /** Whether {@code bearer} is the admin credential. */
    public boolean verify(String bearer) {
        Optional<String> hash = store.secretHash(ID);
        return hash.isPresent() && bearer != null && Secrets.matches(bearer, hash.get());
    }
}
