package dev.signet.jose;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Member;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Type;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The exported package's public surface equals the committed listing {@code api/signet-jose.api}:
 * a change to what callers compile against is made on purpose, and shows in the diff of that file.
 */
class PublicApiTest {

    private static final String PACKAGE = "dev.signet.jose";
    private static final Path LISTING = Path.of("api", "signet-jose.api");
    private static final String UPDATE = "signet.api.update";

    @Test
    void exportedApiMatchesTheCommittedListing() throws Exception {
        String actual = listing();
        if (Boolean.getBoolean(UPDATE)) {
            Files.createDirectories(LISTING.getParent());
            Files.writeString(LISTING, actual, StandardCharsets.UTF_8);
        }
        String expected = Files.exists(LISTING) ? Files.readString(LISTING, StandardCharsets.UTF_8) : "";
        if (!expected.equals(actual)) {
            fail("The public API of " + PACKAGE + " differs from " + LISTING.toAbsolutePath() + ":\n"
                    + diff(expected, actual)
                    + "If the change is intended, rewrite the listing and commit it:\n"
                    + "  ./mvnw -B -pl signet-jose test -Dtest=PublicApiTest -D" + UPDATE + "=true");
        }
    }

    /** Every public or protected type of the package with its accessible members, one per line, sorted. */
    static String listing() throws Exception {
        TreeMap<String, List<String>> types = new TreeMap<>();
        for (Class<?> c : packageClasses()) {
            if (!isAccessible(c)) {
                continue;
            }
            List<String> lines = new ArrayList<>();
            for (Field f : c.getDeclaredFields()) {
                if (isApi(f)) {
                    lines.add(render(f));
                }
            }
            for (Constructor<?> k : c.getDeclaredConstructors()) {
                if (isApi(k)) {
                    lines.add(k.toGenericString());
                }
            }
            for (Method m : c.getDeclaredMethods()) {
                if (isApi(m) && !m.isBridge()) {
                    lines.add(m.toGenericString());
                }
            }
            lines.sort(null);
            types.put(c.getName(), lines);
        }
        StringBuilder out = new StringBuilder();
        for (String name : types.keySet()) {
            out.append(header(Class.forName(name, false, PublicApiTest.class.getClassLoader())))
                    .append('\n');
            for (String line : types.get(name)) {
                out.append("  ").append(line).append('\n');
            }
        }
        return out.toString();
    }

    /** The classes compiled into the package itself (not its subpackages), nested ones included. */
    private static List<Class<?>> packageClasses() throws IOException, URISyntaxException, ClassNotFoundException {
        Path root = Path.of(
                Jwk.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path dir = root.resolve(PACKAGE.replace('.', '/'));
        List<String> names;
        try (Stream<Path> files = Files.list(dir)) {
            names = files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".class") && !n.equals("package-info.class"))
                    .map(n -> PACKAGE + "." + n.substring(0, n.length() - ".class".length()))
                    .sorted()
                    .collect(Collectors.toList());
        }
        List<Class<?>> classes = new ArrayList<>();
        for (String n : names) {
            classes.add(Class.forName(n, false, PublicApiTest.class.getClassLoader()));
        }
        return classes;
    }

    /** Public or protected, and so is every class it is nested in; anonymous and local classes never are. */
    private static boolean isAccessible(Class<?> c) {
        for (Class<?> k = c; k != null; k = k.getDeclaringClass()) {
            if (k.isAnonymousClass()
                    || k.isLocalClass()
                    || k.isSynthetic()
                    || !(Modifier.isPublic(k.getModifiers()) || Modifier.isProtected(k.getModifiers()))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isApi(Member m) {
        return !m.isSynthetic() && (Modifier.isPublic(m.getModifiers()) || Modifier.isProtected(m.getModifiers()));
    }

    /** A field; a constant's value too, since callers compile it into their own classes. */
    private static String render(Field f) throws IllegalAccessException {
        String s = f.toGenericString();
        int mod = f.getModifiers();
        if (Modifier.isStatic(mod)
                && Modifier.isFinal(mod)
                && (f.getType().isPrimitive() || f.getType() == String.class)) {
            Object value = f.get(null);
            s += " = " + (value instanceof String ? "\"" + value + "\"" : value);
        }
        return s;
    }

    /** The type's modifiers, kind, name and type parameters, then what it extends and implements. */
    private static String header(Class<?> c) {
        StringBuilder sb = new StringBuilder(c.toGenericString());
        Type sup = c.getGenericSuperclass();
        if (sup != null && sup != Object.class) {
            sb.append(" extends ").append(sup.getTypeName());
        }
        Type[] interfaces = c.getGenericInterfaces();
        if (interfaces.length > 0) {
            sb.append(c.isInterface() ? " extends " : " implements ");
            sb.append(Stream.of(interfaces).map(Type::getTypeName).collect(Collectors.joining(", ")));
        }
        return sb.toString();
    }

    /** The lines only in the listing ({@code -}) and only in the compiled classes ({@code +}). */
    private static String diff(String expected, String actual) {
        Set<String> was = new LinkedHashSet<>(expected.lines().collect(Collectors.toList()));
        Set<String> is = new LinkedHashSet<>(actual.lines().collect(Collectors.toList()));
        StringBuilder sb = new StringBuilder();
        for (String line : was) {
            if (!is.contains(line)) {
                sb.append("- ").append(line.strip()).append('\n');
            }
        }
        for (String line : is) {
            if (!was.contains(line)) {
                sb.append("+ ").append(line.strip()).append('\n');
            }
        }
        if (sb.length() == 0) {
            sb.append("(the same lines in another order)\n");
        }
        return sb.toString();
    }
}
