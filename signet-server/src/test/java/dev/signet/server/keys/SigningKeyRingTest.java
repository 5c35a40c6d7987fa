package dev.signet.server.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signet.jose.JoseException;
import dev.signet.jose.Jwk;
import dev.signet.jose.JwkSet;
import dev.signet.jose.JwtClaims;
import dev.signet.jose.JwtVerifier;
import dev.signet.jose.KeySource;
import dev.signet.server.MutableClock;
import dev.signet.server.TestDatabases;
import dev.signet.server.audit.AuditEntry;
import dev.signet.server.audit.AuditLog;
import dev.signet.server.store.Database;
import dev.signet.server.store.SigningKeyStore;
import dev.signet.server.store.StoredKey;
import dev.signet.server.store.StoredKey.KeyState;
import dev.signet.server.store.TenantStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Key rotation and revocation on both stores, driven by a hand-moved clock. */
class SigningKeyRingTest {

    private static final Duration ROTATION = Duration.ofHours(2);
    private static final Duration PREPUBLISH = Duration.ofMinutes(20);
    private static final Duration JWKS_MAX_AGE = Duration.ofMinutes(10);
    private static final Duration TOKEN_LIFETIME = Duration.ofMinutes(10);
    private static final Duration RETENTION = TOKEN_LIFETIME.plusMinutes(1);

    private Database db;
    private MutableClock clock;
    private SigningKeyRing ring;
    private SigningKeyStore store;
    private AuditLog audit;

    static List<String> databases() {
        return TestDatabases.kinds();
    }

    private void open(String kind) {
        db = Database.open(TestDatabases.create(kind).url(), null, null, 4);
        clock = MutableClock.startingNow();
        TenantStore tenants = new TenantStore(db);
        tenants.upsert(new TenantStore.Tenant("default", "ES256", TOKEN_LIFETIME), clock.instant());
        store = new SigningKeyStore(db);
        audit = new AuditLog(db, clock);
        ring = new SigningKeyRing(
                store,
                tenants,
                new KeyEncryption(new byte[32]),
                audit,
                clock,
                new RotationPolicy(ROTATION, PREPUBLISH, RETENTION, JWKS_MAX_AGE));
    }

    @AfterEach
    void close() {
        if (db != null) {
            db.close();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void firstMaintenanceCreatesAnActiveKey(String kind) {
        open(kind);
        assertThat(ring.ready()).isFalse();
        ring.maintain();
        SigningKeyRing.Snapshot s = ring.snapshot("default");
        assertThat(s.active()).isNotNull();
        assertThat(s.published()).singleElement().satisfies(k -> {
            assertThat(k.keyId()).isEqualTo(s.active().kid());
            assertThat(k.isPrivate()).isFalse();
        });
        assertThat(s.jwksJson()).doesNotContain("\"d\"");
        assertThat(ring.ready()).isTrue();
        // A second run changes nothing.
        ring.maintain();
        assertThat(store.allKeys("default")).hasSize(1);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void rotationPublishesBeforeSigningAndKeepsRetiredKeysUntilTheirTokensExpire(String kind) {
        open(kind);
        ring.maintain();
        String first = ring.snapshot("default").active().kid();

        clock.advance(ROTATION.minus(PREPUBLISH).minusMinutes(1));
        ring.maintain();
        assertThat(states()).containsExactly(Map.entry(first, KeyState.ACTIVE));

        clock.advance(Duration.ofMinutes(1)); // due: a pending key is published, not yet signing
        ring.maintain();
        List<StoredKey> keys = store.keys("default");
        assertThat(keys).hasSize(2);
        String second = keys.get(1).kid();
        assertThat(keys.get(1).state()).isEqualTo(KeyState.PENDING);
        assertThat(ring.snapshot("default").active().kid()).isEqualTo(first);
        assertThat(publishedKids()).containsExactly(first, second);

        clock.advance(PREPUBLISH.minusSeconds(1));
        ring.maintain();
        assertThat(ring.snapshot("default").active().kid()).isEqualTo(first);

        clock.advance(Duration.ofSeconds(1)); // one pre-publication period later it signs
        ring.maintain();
        assertThat(ring.snapshot("default").active().kid()).isEqualTo(second);
        assertThat(states()).containsEntry(first, KeyState.RETIRED).containsEntry(second, KeyState.ACTIVE);
        assertThat(publishedKids()).containsExactly(first, second);

        clock.advance(RETENTION.minusSeconds(1));
        ring.maintain();
        assertThat(publishedKids()).containsExactly(first, second);

        clock.advance(Duration.ofSeconds(1)); // every token the first key signed has expired
        ring.maintain();
        assertThat(publishedKids()).containsExactly(second);
        assertThat(store.allKeys("default").get(0).state()).isEqualTo(KeyState.REMOVED);
        assertThat(store.allKeys("default").get(0).privateJwkEncrypted()).isEmpty();
        assertThat(audit.recent("default", 50))
                .extracting(AuditEntry::type)
                .contains("key.generated", "key.activated", "key.retired", "key.removed");
    }

    /**
     * A verifier that refreshes its JWKS copy only when its cache lifetime has run out (never on an
     * unknown kid) accepts every unexpired token through several rotations.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void noTokenFailsVerificationAcrossRotationsWithACachingVerifier(String kind) throws JoseException {
        open(kind);
        ring.maintain();
        CachingJwks cache = new CachingJwks();
        List<String[]> live = new ArrayList<>(); // token, expiry
        int verified = 0;
        for (int minute = 0; minute < 5 * 60; minute++) {
            clock.advance(Duration.ofMinutes(1));
            ring.maintain();
            cache.refreshIfStale(clock.instant(), ring.snapshot("default").jwksJson());
            Instant now = clock.instant();
            if (minute % 3 == 0) {
                live.add(new String[] {
                    sign(now), String.valueOf(now.plus(TOKEN_LIFETIME).getEpochSecond())
                });
            }
            live.removeIf(t -> Long.parseLong(t[1]) <= now.getEpochSecond());
            JwtVerifier verifier = JwtVerifier.builder(cache)
                    .issuer("iss")
                    .audience("api")
                    .type("at+jwt")
                    .clock(clock)
                    .clockSkew(Duration.ZERO)
                    .build();
            for (String[] t : live) {
                verifier.verify(t[0]); // throws if a rotation broke a token
                verified++;
            }
        }
        assertThat(store.allKeys("default").size()).as("keys in 5 hours").isGreaterThanOrEqualTo(3);
        assertThat(verified).isGreaterThan(900);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void emergencyRevocationWithdrawsTheKeyAndActivatesANewOneAtOnce(String kind) {
        open(kind);
        ring.maintain();
        String compromised = ring.snapshot("default").active().kid();

        assertThat(ring.revoke("default", compromised)).isTrue();

        SigningKeyRing.Snapshot s = ring.snapshot("default");
        assertThat(s.active().kid()).isNotEqualTo(compromised);
        assertThat(publishedKids()).containsExactly(s.active().kid());
        assertThat(s.revokedKids()).containsExactly(compromised);
        assertThat(states()).containsEntry(compromised, KeyState.REVOKED);
        assertThat(store.allKeys("default"))
                .filteredOn(k -> k.kid().equals(compromised))
                .singleElement()
                .satisfies(k -> assertThat(k.privateJwkEncrypted()).isEmpty());
        assertThat(audit.recent("default", 10)).extracting(AuditEntry::type).contains("key.revoked");
        // Revoking again, or a key that does not exist, changes nothing.
        assertThat(ring.revoke("default", compromised)).isFalse();
        assertThat(ring.revoke("default", "no-such-kid")).isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void privateKeysAreEncryptedAtRestAndBoundToTheirRow(String kind) throws JoseException {
        open(kind);
        ring.maintain();
        StoredKey k = store.keys("default").get(0);
        assertThat(k.privateJwkEncrypted()).startsWith("A256GCM.").doesNotContain("\"d\"");
        assertThat(Jwk.parse(k.publicJwk()).isPrivate()).isFalse();
        KeyEncryption right = new KeyEncryption(new byte[32]);
        assertThat(Jwk.parse(right.decrypt(k.privateJwkEncrypted(), "default/" + k.kid()))
                        .isPrivate())
                .isTrue();
        // Moved to another row, or under another KEK, it does not decrypt.
        assertThatThrownBy(() -> right.decrypt(k.privateJwkEncrypted(), "other/" + k.kid()))
                .isInstanceOf(IllegalStateException.class);
        byte[] other = new byte[32];
        other[0] = 1;
        assertThatThrownBy(() -> new KeyEncryption(other).decrypt(k.privateJwkEncrypted(), "default/" + k.kid()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("wrong key-encryption key");
    }

    private String sign(Instant now) throws JoseException {
        return ring.snapshot("default")
                .active()
                .accessTokenSigner()
                .sign(JwtClaims.builder()
                        .issuer("iss")
                        .audience("api")
                        .subject("c")
                        .issuedAt(now)
                        .expiresAt(now.plus(TOKEN_LIFETIME))
                        .build());
    }

    private Map<String, KeyState> states() {
        Map<String, KeyState> m = new java.util.LinkedHashMap<>();
        store.keys("default").forEach(k -> m.put(k.kid(), k.state()));
        return m;
    }

    private List<String> publishedKids() {
        return ring.snapshot("default").published().stream().map(Jwk::keyId).toList();
    }

    /** A JWKS copy that is refetched only once its {@code max-age} has passed. */
    private static final class CachingJwks implements KeySource {
        private JwkSet keys;
        private Instant fetchedAt;

        void refreshIfStale(Instant now, String served) throws JoseException {
            if (keys == null || !now.isBefore(fetchedAt.plus(JWKS_MAX_AGE))) {
                keys = JwkSet.parse(served);
                fetchedAt = now;
            }
        }

        @Override
        public List<Jwk> candidates(dev.signet.jose.JwsHeader header) {
            return keys.keys();
        }
    }
    /** A key this node has heard is revoked never signs, even before the database says so here. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aKeyKnownRevokedNeverSignsAndLeavesTheSnapshotAtOnce(String kind) throws JoseException {
        open(kind);
        ring.maintain();
        String kid = ring.snapshot("default").active().kid();
        JwtClaims claims = JwtClaims.builder()
                .issuer("https://issuer.test")
                .subject("s")
                .expiresAt(clock.instant().plusSeconds(60))
                .build();
        assertThat(ring.sign("default", claims)).isNotNull();

        // Another node's revocation was announced; a read of the store that began before it
        // committed still shows the key active, and must not bring it back.
        ring.markRevoked("default", kid);
        assertThat(ring.knownRevoked("default", kid)).isTrue();
        assertThat(ring.snapshot("default").published()).noneMatch(k -> kid.equals(k.keyId()));
        assertThat(ring.snapshot("default").jwksJson()).doesNotContain(kid);
        assertThat(ring.snapshot("default").revokedKids()).contains(kid);
        assertThatThrownBy(() -> ring.sign("default", claims))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("not revoked");
        ring.refresh("default");
        assertThat(ring.snapshot("default").active()).isNull();
        // Then the revocation (and the successor) are read.
        store.locked("default", tx -> tx.revoke(kid, clock.instant()));
        ring.maintain();
        String token = ring.sign("default", claims);
        String header = new String(
                java.util.Base64.getUrlDecoder().decode(token.substring(0, token.indexOf('.'))),
                java.nio.charset.StandardCharsets.UTF_8);
        assertThat(header).doesNotContain(kid);
    }
}
