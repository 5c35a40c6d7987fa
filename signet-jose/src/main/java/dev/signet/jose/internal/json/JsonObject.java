package dev.signet.jose.internal.json;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * An immutable JSON object in document order: two parallel arrays, looked up by a linear scan
 * while small and through a hash index once large. A token's header and claims are a handful of
 * members, where this costs a fraction of a {@code LinkedHashMap} in time and memory.
 */
final class JsonObject extends AbstractMap<String, Object> {

    /** Above this many members, lookups (and duplicate checks while building) use a hash index. */
    private static final int LINEAR = 16;

    private final String[] names;
    private final Object[] values;
    private final int size;
    private final Map<String, Integer> index;

    private JsonObject(String[] names, Object[] values, int size, Map<String, Integer> index) {
        this.names = names;
        this.values = values;
        this.size = size;
        this.index = index;
    }

    private int find(Object key) {
        if (index != null) {
            Integer i = index.get(key);
            return i == null ? -1 : i;
        }
        for (int i = 0; i < size; i++) {
            if (names[i].equals(key)) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public boolean containsKey(Object key) {
        return find(key) >= 0;
    }

    @Override
    public Object get(Object key) {
        int i = find(key);
        return i < 0 ? null : values[i];
    }

    @Override
    public Set<Entry<String, Object>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public int size() {
                return size;
            }

            @Override
            public Iterator<Entry<String, Object>> iterator() {
                return new Iterator<>() {
                    private int i;

                    @Override
                    public boolean hasNext() {
                        return i < size;
                    }

                    @Override
                    public Entry<String, Object> next() {
                        if (i >= size) {
                            throw new NoSuchElementException();
                        }
                        int at = i++;
                        return new SimpleImmutableEntry<>(names[at], values[at]);
                    }
                };
            }
        };
    }

    /** Collects members in order; {@link #add} refuses a name already present. */
    static final class Builder {
        private String[] names = new String[8];
        private Object[] values = new Object[8];
        private int size;
        private Map<String, Integer> index;

        /** Adds a member; false (and nothing added) when the name is already present. */
        boolean add(String name, Object value) {
            if (index != null) {
                if (index.putIfAbsent(name, size) != null) {
                    return false;
                }
            } else {
                for (int i = 0; i < size; i++) {
                    if (names[i].equals(name)) {
                        return false;
                    }
                }
            }
            if (size == names.length) {
                names = Arrays.copyOf(names, size * 2);
                values = Arrays.copyOf(values, size * 2);
            }
            names[size] = name;
            values[size] = value;
            size++;
            if (index == null && size > LINEAR) {
                index = new HashMap<>();
                for (int i = 0; i < size; i++) {
                    index.put(names[i], i);
                }
            }
            return true;
        }

        Map<String, Object> build() {
            return new JsonObject(names, values, size, index);
        }
    }
}
