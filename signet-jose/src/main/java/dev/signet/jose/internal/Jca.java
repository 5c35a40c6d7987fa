package dev.signet.jose.internal;

import java.security.GeneralSecurityException;
import java.security.Provider;
import java.security.Signature;
import java.util.HashMap;
import java.util.Map;
import javax.crypto.Mac;

/**
 * Obtains JCA engines by standard name, reusing one instance per thread and name when no
 * provider is pinned. {@code getInstance} walks the provider list on every call, which costs as
 * much as an HMAC over a small token; reuse keeps the library's overhead near zero.
 */
public final class Jca {

    private static final ThreadLocal<Map<String, Object>> ENGINES = ThreadLocal.withInitial(HashMap::new);

    private Jca() {
    }

    /** A {@code Signature} for {@code name}; from {@code provider} when it is not null. */
    public static Signature signature(String name, Provider provider) throws GeneralSecurityException {
        if (provider != null) {
            return Signature.getInstance(name, provider);
        }
        Map<String, Object> engines = ENGINES.get();
        Object s = engines.get("S:" + name);
        if (s == null) {
            s = Signature.getInstance(name);
            engines.put("S:" + name, s);
        }
        return (Signature) s;
    }

    /** A {@code Mac} for {@code name}; from {@code provider} when it is not null. */
    public static Mac mac(String name, Provider provider) throws GeneralSecurityException {
        if (provider != null) {
            return Mac.getInstance(name, provider);
        }
        Map<String, Object> engines = ENGINES.get();
        Object m = engines.get("M:" + name);
        if (m == null) {
            m = Mac.getInstance(name);
            engines.put("M:" + name, m);
        }
        return (Mac) m;
    }
}
