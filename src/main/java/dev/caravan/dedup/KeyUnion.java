package dev.caravan.dedup;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Union-find over record keys, held only for rows that are in some match group (or already merged):
 * its memory follows the number of duplicates, not the size of the table.
 */
final class KeyUnion {

    private final Map<String, Integer> index = new HashMap<>();
    private String[] keys = new String[1024];
    private int[] parent = new int[1024];
    private int size;

    int id(String key) {
        Integer i = index.get(key);
        if (i != null) {
            return i;
        }
        if (size == parent.length) {
            parent = Arrays.copyOf(parent, size * 2);
            keys = Arrays.copyOf(keys, size * 2);
        }
        parent[size] = size;
        keys[size] = key;
        index.put(key, size);
        return size++;
    }

    boolean contains(String key) {
        return index.containsKey(key);
    }

    int find(int i) {
        int root = i;
        while (parent[root] != root) {
            root = parent[root];
        }
        while (parent[i] != root) {
            int next = parent[i];
            parent[i] = root;
            i = next;
        }
        return root;
    }

    void union(String a, String b) {
        int ra = find(id(a));
        int rb = find(id(b));
        if (ra != rb) {
            parent[Math.max(ra, rb)] = Math.min(ra, rb);
        }
    }

    int size() {
        return size;
    }

    String key(int i) {
        return keys[i];
    }
}
