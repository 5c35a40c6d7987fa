package dev.signet.server.keys;

import dev.signet.jose.JoseException;
import dev.signet.jose.Jwk;
import dev.signet.jose.JwkSet;
import dev.signet.jose.JwsAlgorithm;
import dev.signet.jose.JwtClaims;
import dev.signet.jose.JwtSigner;
import dev.signet.server.Secrets;
import dev.signet.server.audit.AuditEvent;
import dev.signet.server.audit.AuditLog;
import dev.signet.server.store.Database;
import dev.signet.server.store.SigningKeyStore;
import dev.signet.server.store.StoredKey;
import dev.signet.server.store.StoredKey.KeyState;
import dev.signet.server.store.TenantStore;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Each tenant's signing keys through their life: generate (pending, published), activate (signing),
 * retire (published, not signing), remove; and emergency revocation. The database is the truth;
 * this class keeps a snapshot per tenant for the hot path and refreshes it on every change here, on
 * every change another node announces ({@link #markRevoked}, {@link #refresh}) and on every
 * {@link #maintain()} (the fallback that also picks up changes made by other server nodes).
 *
 * <p>A key known to be revoked never signs again: revocation is final, so the kids known revoked
 * only grow, every reload treats them as revoked whatever it read, and {@link #sign} checks the
 * key against them just before and just after signing.
 */
public final class SigningKeyRing {

    private static final Logger LOG = LoggerFactory.getLogger(SigningKeyRing.class);

    /** The key that signs a tenant's tokens now. */
    public record ActiveKey(
            String kid,
            JwsAlgorithm algorithm,
            Instant activatedAt,
            JwtSigner accessTokenSigner,
            JwtSigner idTokenSigner) {}

    /** What a tenant publishes and trusts at one moment. */
    public record Snapshot(
            ActiveKey active, List<Jwk> published, String jwksJson, String etag, Set<String> revokedKids) {}

    /** A change made inside a locked transaction, audited once it has committed. */
    private record KeyEvent(AuditEvent type, String kid, String detail) {}

    private final SigningKeyStore store;
    private final TenantStore tenants;
    private final KeyEncryption encryption;
    private final AuditLog audit;
    private final Clock clock;
    private final RotationPolicy policy;
    private final Map<String, Snapshot> snapshots = new ConcurrentHashMap<>();
    /** Per tenant, every kid known to be revoked (from the store, this node, or another node's notice). */
    private final Map<String, Set<String>> revokedKids = new ConcurrentHashMap<>();
    /** The tenants the last full pass saw, for {@link #ready()} (which must not wait on the database). */
    private volatile List<String> knownTenants = List.of();
    /**
     * Serialises reloads: each reads the store after the change that triggered it committed, so the
     * last snapshot written is never older than the last change (a revoked key cannot come back).
     * A lock, not {@code synchronized}: it is held across database I/O, also on virtual threads.
     */
    private final ReentrantLock reload = new ReentrantLock();

    public SigningKeyRing(
            SigningKeyStore store,
            TenantStore tenants,
            KeyEncryption encryption,
            AuditLog audit,
            Clock clock,
            RotationPolicy policy) {
        this.store = store;
        this.tenants = tenants;
        this.encryption = encryption;
        this.audit = audit;
        this.clock = clock;
        this.policy = policy;
    }

    public RotationPolicy policy() {
        return policy;
    }

    /** Advances every tenant's keys by the rotation rules and refreshes the snapshots; run by the scheduler. */
    public void maintain() {
        List<TenantStore.Tenant> all = tenants.list();
        knownTenants = all.stream().map(TenantStore.Tenant::name).toList();
        for (TenantStore.Tenant t : all) {
            try {
                maintain(t.name());
            } catch (RuntimeException e) {
                if (Database.connectionLost(e)) {
                    throw e; // an outage, logged once by the health check; the next run tries again
                }
                LOG.error("key maintenance failed for tenant {}: {}", t.name(), e.toString());
            }
        }
    }

    /** Reloads every tenant's snapshot from the store (after changes this node may have missed). */
    public void refreshAll() {
        List<TenantStore.Tenant> all = tenants.list();
        knownTenants = all.stream().map(TenantStore.Tenant::name).toList();
        for (TenantStore.Tenant t : all) {
            refresh(t.name());
        }
    }

    /** Advances one tenant's keys by the rotation rules and refreshes its snapshot. */
    public void maintain(String tenant) {
        TenantStore.Tenant t =
                tenants.find(tenant).orElseThrow(() -> new IllegalArgumentException("no tenant " + tenant));
        JwsAlgorithm alg = JwsAlgorithm.fromIdentifier(t.algorithm());
        List<KeyEvent> events = new ArrayList<>();
        store.locked(tenant, tx -> {
            Instant now = clock.instant();
            List<StoredKey> keys = tx.keys();
            StoredKey active = latest(keys, KeyState.ACTIVE);
            List<StoredKey> pending = keys.stream()
                    .filter(k -> k.state() == KeyState.PENDING)
                    .sorted(Comparator.comparing(StoredKey::activatesAt))
                    .toList();
            if (active == null && pending.isEmpty()) {
                // Nothing signs yet (first start, or every key revoked): a key is needed now.
                StoredKey k = generate(tenant, alg, now, now, KeyState.ACTIVE);
                tx.insert(k);
                events.add(new KeyEvent(
                        AuditEvent.KEY_GENERATED,
                        k.kid(),
                        k.alg() + ", active at once: the tenant had no signing key"));
                events.add(new KeyEvent(AuditEvent.KEY_ACTIVATED, k.kid(), k.alg()));
                return null;
            }
            boolean algorithmChanged = active != null
                    && !active.alg().equals(alg.identifier())
                    && pending.stream().noneMatch(k -> k.alg().equals(alg.identifier()));
            boolean due = active != null
                    && pending.isEmpty()
                    && !now.isBefore(
                            active.activatedAt().plus(policy.rotationInterval()).minus(policy.prepublish()));
            if (algorithmChanged || due) {
                StoredKey k = generate(tenant, alg, now, now.plus(policy.prepublish()), KeyState.PENDING);
                tx.insert(k);
                pending = List.of(k);
                events.add(
                        new KeyEvent(AuditEvent.KEY_GENERATED, k.kid(), k.alg() + ", signs from " + k.activatesAt()));
            }
            StoredKey next = null;
            for (StoredKey p : pending) { // earliest first; one activation per run
                if (!p.activatesAt().isAfter(now) || active == null) {
                    next = p;
                    break;
                }
            }
            if (next != null) {
                tx.activate(next.kid(), now);
                events.add(new KeyEvent(AuditEvent.KEY_ACTIVATED, next.kid(), next.alg()));
                for (StoredKey k : keys) {
                    if (k.state() == KeyState.ACTIVE) {
                        Instant removes = now.plus(policy.retention());
                        tx.retire(k.kid(), now, removes);
                        events.add(new KeyEvent(AuditEvent.KEY_RETIRED, k.kid(), "published until " + removes));
                    }
                }
            }
            for (StoredKey k : keys) {
                if (k.state() == KeyState.RETIRED && !k.removesAt().isAfter(now)) {
                    tx.remove(k.kid(), now);
                    events.add(new KeyEvent(AuditEvent.KEY_REMOVED, k.kid(), "every token it signed has expired"));
                }
            }
            return null;
        });
        for (KeyEvent e : events) {
            audit.record(tenant, e.type(), e.kid(), e.detail());
        }
        refresh(tenant);
    }

    /**
     * Planned rotation now: publishes a new key that signs one pre-publication period from now
     * (the old one then retires as usual). When a key is already pending, that key is the answer.
     *
     * @return the kid of the pending key
     */
    public String rotate(String tenant) {
        TenantStore.Tenant t =
                tenants.find(tenant).orElseThrow(() -> new IllegalArgumentException("no tenant " + tenant));
        JwsAlgorithm alg = JwsAlgorithm.fromIdentifier(t.algorithm());
        String[] created = new String[1];
        String kid = store.locked(tenant, tx -> {
            Optional<StoredKey> pending = tx.keys().stream()
                    .filter(k -> k.state() == KeyState.PENDING)
                    .findFirst();
            if (pending.isPresent()) {
                return pending.get().kid();
            }
            Instant now = clock.instant();
            StoredKey k = generate(tenant, alg, now, now.plus(policy.prepublish()), KeyState.PENDING);
            tx.insert(k);
            created[0] = k.activatesAt().toString();
            return k.kid();
        });
        if (created[0] != null) {
            audit.record(
                    tenant,
                    AuditEvent.KEY_GENERATED,
                    kid,
                    alg.identifier() + ", rotation requested, signs from " + created[0]);
        }
        refresh(tenant);
        return kid;
    }

    /**
     * Emergency revocation: the key leaves the JWKS at once and, if it was signing, a new key signs
     * from now on. Tokens it signed are no longer accepted by introspection.
     *
     * @return false when the tenant has no such key, or it was already revoked or removed
     */
    public boolean revoke(String tenant, String kid) {
        TenantStore.Tenant t =
                tenants.find(tenant).orElseThrow(() -> new IllegalArgumentException("no tenant " + tenant));
        JwsAlgorithm alg = JwsAlgorithm.fromIdentifier(t.algorithm());
        List<KeyEvent> events = new ArrayList<>();
        boolean revoked = store.locked(tenant, tx -> {
            Instant now = clock.instant();
            Optional<StoredKey> target =
                    tx.keys().stream().filter(k -> k.kid().equals(kid)).findFirst();
            if (target.isEmpty() || !tx.revoke(kid, now)) {
                return false;
            }
            events.add(new KeyEvent(
                    AuditEvent.KEY_REVOKED,
                    kid,
                    "was " + target.get().state().name().toLowerCase(Locale.ROOT)));
            if (target.get().state() == KeyState.ACTIVE) {
                StoredKey k = generate(tenant, alg, now, now, KeyState.ACTIVE);
                tx.insert(k);
                events.add(new KeyEvent(
                        AuditEvent.KEY_GENERATED, k.kid(), k.alg() + ", active at once: replaces revoked " + kid));
                events.add(new KeyEvent(AuditEvent.KEY_ACTIVATED, k.kid(), k.alg()));
            }
            return true;
        });
        if (revoked) {
            markRevoked(tenant, kid); // committed: from now on it signs nothing here
        }
        for (KeyEvent e : events) {
            audit.record(tenant, e.type(), e.kid(), e.detail());
        }
        refresh(tenant);
        return revoked;
    }

    /** The tenant's current keys; loads them on first use. */
    public Snapshot snapshot(String tenant) {
        Snapshot s = snapshots.get(tenant);
        if (s == null) {
            s = refresh(tenant);
        }
        return s;
    }

    /**
     * Records that {@code kid} of {@code tenant} is revoked (its revocation has committed, here or on
     * another node) and withdraws it from the snapshot at once, without waiting for the database: it
     * leaves the JWKS, its tokens introspect inactive, and if it was signing, the next token waits
     * for a reload that finds its successor.
     */
    public void markRevoked(String tenant, String kid) {
        if (!revokedKids
                .computeIfAbsent(tenant, t -> ConcurrentHashMap.newKeySet())
                .add(kid)) {
            return;
        }
        reload.lock();
        try {
            Snapshot old = snapshots.get(tenant);
            if (old == null) {
                return;
            }
            ActiveKey active = old.active() != null && old.active().kid().equals(kid) ? null : old.active();
            List<Jwk> published =
                    old.published().stream().filter(j -> !kid.equals(j.keyId())).toList();
            Set<String> revoked = new HashSet<>(old.revokedKids());
            revoked.add(kid);
            snapshots.put(tenant, snapshot(active, published, revoked));
        } finally {
            reload.unlock();
        }
    }

    /** Whether {@code kid} of {@code tenant} is known to be revoked. */
    public boolean knownRevoked(String tenant, String kid) {
        Set<String> r = revokedKids.get(tenant);
        return r != null && r.contains(kid);
    }

    /**
     * Signs {@code claims} with the tenant's active key. The key is checked against the kids known
     * revoked just before signing (a snapshot taken before a revocation arrived is not trusted) and
     * again after it: a token whose key was revoked meanwhile is thrown away and signed again.
     *
     * @throws IllegalStateException when the tenant has no usable signing key
     */
    public String sign(String tenant, JwtClaims claims) {
        for (int attempt = 0; attempt < 3; attempt++) {
            ActiveKey key = usableKey(tenant);
            String token;
            try {
                token = key.accessTokenSigner().sign(claims);
            } catch (JoseException e) {
                throw new IllegalStateException("signing with " + key.kid() + " failed: " + e.getMessage(), e);
            }
            if (!knownRevoked(tenant, key.kid())) {
                return token;
            }
        }
        throw new IllegalStateException("tenant " + tenant + " has no signing key that is not revoked");
    }

    /**
     * Signs an OpenID Connect ID token (header {@code typ: JWT}) with the tenant's active key, as
     * {@link #sign} does; {@code claims} is given the algorithm of the key that signs, since an ID
     * token's {@code at_hash} depends on it.
     *
     * @throws IllegalStateException when the tenant has no usable signing key
     */
    public String signIdToken(String tenant, java.util.function.Function<JwsAlgorithm, JwtClaims> claims) {
        for (int attempt = 0; attempt < 3; attempt++) {
            ActiveKey key = usableKey(tenant);
            String token;
            try {
                token = key.idTokenSigner().sign(claims.apply(key.algorithm()));
            } catch (JoseException e) {
                throw new IllegalStateException("signing with " + key.kid() + " failed: " + e.getMessage(), e);
            }
            if (!knownRevoked(tenant, key.kid())) {
                return token;
            }
        }
        throw new IllegalStateException("tenant " + tenant + " has no signing key that is not revoked");
    }

    private ActiveKey usableKey(String tenant) {
        ActiveKey key = snapshot(tenant).active();
        if (key == null || knownRevoked(tenant, key.kid())) {
            key = refresh(tenant).active(); // the revocation's successor is in the store
        }
        if (key == null || knownRevoked(tenant, key.kid())) {
            throw new IllegalStateException("tenant " + tenant + " has no signing key that is not revoked");
        }
        return key;
    }

    /** Whether every tenant known from the last full pass has a signing key loaded (no database access). */
    public boolean ready() {
        List<String> all = knownTenants;
        return !all.isEmpty()
                && all.stream().allMatch(t -> {
                    Snapshot s = snapshots.get(t);
                    return s != null && s.active() != null;
                });
    }

    /** Reloads a tenant's snapshot from the store; decrypts the active key only when it changed. */
    public Snapshot refresh(String tenant) {
        reload.lock();
        try {
            return reload(tenant);
        } finally {
            reload.unlock();
        }
    }

    private Snapshot reload(String tenant) {
        Set<String> revoked = revokedKids.computeIfAbsent(tenant, t -> ConcurrentHashMap.newKeySet());
        List<StoredKey> keys = new ArrayList<>();
        for (StoredKey k : store.keys(tenant)) {
            if (k.state() == KeyState.REVOKED) {
                revoked.add(k.kid());
            }
            // Revocation is final: a read that began before it committed cannot bring the key back.
            if (!revoked.contains(k.kid())) {
                keys.add(k);
            }
        }
        Snapshot old = snapshots.get(tenant);
        StoredKey active = latest(keys, KeyState.ACTIVE);
        ActiveKey activeKey = null;
        if (active != null) {
            activeKey =
                    old != null && old.active() != null && old.active().kid().equals(active.kid())
                            ? old.active()
                            : load(active);
        }
        List<Jwk> published = new ArrayList<>();
        for (StoredKey k : keys) {
            if (k.state() != KeyState.REMOVED) {
                try {
                    published.add(Jwk.parse(k.publicJwk()).toPublicJwk());
                } catch (JoseException e) {
                    throw new IllegalStateException(
                            "stored public key " + tenant + "/" + k.kid() + " does not parse", e);
                }
            }
        }
        Snapshot s = snapshot(activeKey, published, revoked);
        snapshots.put(tenant, s);
        if (!knownTenants.contains(tenant)) {
            List<String> all = new ArrayList<>(knownTenants);
            all.add(tenant);
            knownTenants = List.copyOf(all);
        }
        return s;
    }

    private static Snapshot snapshot(ActiveKey active, List<Jwk> published, Set<String> revoked) {
        String json = JwkSet.of(published).toJson();
        return new Snapshot(
                active,
                List.copyOf(published),
                json,
                "\"" + Secrets.hash(json).substring(0, 27) + "\"",
                Set.copyOf(revoked));
    }

    private ActiveKey load(StoredKey k) {
        String json = encryption.decrypt(k.privateJwkEncrypted(), k.tenant() + "/" + k.kid());
        try {
            Jwk jwk = Jwk.parse(json);
            JwsAlgorithm alg = JwsAlgorithm.fromIdentifier(k.alg());
            return new ActiveKey(
                    k.kid(),
                    alg,
                    k.activatedAt(),
                    JwtSigner.builder(jwk).algorithm(alg).type("at+jwt").build(),
                    JwtSigner.builder(jwk).algorithm(alg).type("JWT").build());
        } catch (JoseException e) {
            throw new IllegalStateException(
                    "stored private key " + k.tenant() + "/" + k.kid() + " is unusable: " + e.getMessage(), e);
        }
    }

    private StoredKey generate(String tenant, JwsAlgorithm alg, Instant now, Instant activatesAt, KeyState state) {
        Jwk key;
        try {
            key = Jwk.generate(alg);
        } catch (JoseException e) {
            throw new IllegalStateException("cannot generate a " + alg.identifier() + " key: " + e.getMessage(), e);
        }
        Jwk pub = key.toPublicJwk();
        return new StoredKey(
                tenant,
                key.keyId(),
                alg.identifier(),
                state,
                now,
                activatesAt,
                state == KeyState.ACTIVE ? now : null,
                null,
                null,
                null,
                pub.toJson(),
                encryption.encrypt(key.toJson(), tenant + "/" + key.keyId()));
    }

    private static StoredKey latest(List<StoredKey> keys, KeyState state) {
        StoredKey found = null;
        for (StoredKey k : keys) {
            if (k.state() == state && (found == null || !k.activatedAt().isBefore(found.activatedAt()))) {
                found = k;
            }
        }
        return found;
    }

    /** The kids and states of a tenant's keys, for the admin API and logs. */
    public Map<String, String> states(String tenant) {
        Map<String, String> m = new LinkedHashMap<>();
        for (StoredKey k : store.allKeys(tenant)) {
            m.put(k.kid(), k.state().name().toLowerCase(Locale.ROOT));
        }
        return m;
    }
}
