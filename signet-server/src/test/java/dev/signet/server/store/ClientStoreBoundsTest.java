package dev.signet.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.server.TestDatabases;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The client cache under a flood of made-up ids: its weight stays bounded however long the ids, and
 * the clients the token path needs stay cached. (A cache bounded by count held 10,000 ids of 60 KB.)
 */
class ClientStoreBoundsTest {

    private Database db;

    @AfterEach
    void close() {
        if (db != null) {
            db.close();
        }
    }

    @Test
    void thousandsOfLongUnknownIdsStayWithinTheCachesWeightAndEvictNoKnownClient() {
        db = Database.open(TestDatabases.sqlite().url(), null, null, 2);
        Instant now = Instant.now();
        new TenantStore(db).upsert(new TenantStore.Tenant("t", "ES256", Duration.ofMinutes(10)), now);
        ClientStore store = new ClientStore(db);
        ClientRecord real = new ClientRecord(
                "t",
                "real",
                "hash",
                List.of("client_credentials"),
                List.of("a"),
                List.of("api"),
                "jwt",
                "client_secret_basic",
                true,
                null,
                null);
        store.upsert(real, now);
        assertThat(store.find("t", "real")).contains(real);
        long knownBefore = store.cachedBytes()[0];

        Random random = new Random(7);
        int ids = 3_000;
        int length = 8_000;
        long presented = 0;
        for (int i = 0; i < ids; i++) {
            StringBuilder id = new StringBuilder(length);
            for (int c = 0; c < length; c++) {
                id.append((char) ('a' + random.nextInt(26)));
            }
            presented += 2L * length;
            assertThat(store.find("t", id.toString())).isEmpty();
        }

        long[] bytes = store.cachedBytes();
        // 48 MB of ids presented; the cache of unknown ids holds at most its bound.
        assertThat(presented).isGreaterThan(40L << 20);
        assertThat(bytes[1]).isLessThanOrEqualTo(ClientStore.UNKNOWN_MAX_BYTES);
        assertThat(bytes[0]).isEqualTo(knownBefore);
        // Still answered from the cache: gone from the table, the cached copy is what find returns.
        db.jdbi().useHandle(h -> h.execute("DELETE FROM clients WHERE client_id = 'real'"));
        assertThat(store.find("t", "real")).contains(real);
    }
}
