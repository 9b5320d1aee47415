package dev.ferry.postgres.migrate;

import dev.ferry.postgres.source.Catalog;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The order tables are loaded in: parents before children, from the foreign keys among the run's tables (a
 * table's reference to itself does not count). Tables of one level have no foreign key between them and load
 * side by side.
 */
final class LoadOrder {
    private LoadOrder() {
    }

    /** Levels of table names; or the cycle found, described with its columns. */
    record Result(List<List<String>> levels, String cycle) {
    }

    static Result of(List<String> tables, Map<String, Catalog.Table> catalog) {
        Map<String, Set<String>> parents = new LinkedHashMap<>();
        Map<String, List<Catalog.ForeignKey>> edges = new LinkedHashMap<>();
        for (String t : tables) {
            parents.put(t, new LinkedHashSet<>());
            edges.put(t, new ArrayList<>());
            Catalog.Table table = catalog.get(t);
            if (table == null) {
                continue;
            }
            for (Catalog.ForeignKey fk : table.foreignKeys()) {
                if (!fk.refTable().equals(t) && tables.contains(fk.refTable())) {
                    parents.get(t).add(fk.refTable());
                    edges.get(t).add(fk);
                }
            }
        }
        List<List<String>> levels = new ArrayList<>();
        Set<String> placed = new LinkedHashSet<>();
        while (placed.size() < tables.size()) {
            List<String> level = new ArrayList<>();
            for (String t : tables) {
                if (!placed.contains(t) && placed.containsAll(parents.get(t))) {
                    level.add(t);
                }
            }
            if (level.isEmpty()) {
                return new Result(levels, describeCycle(tables, placed, edges));
            }
            placed.addAll(level);
            levels.add(level);
        }
        return new Result(levels, null);
    }

    /** {@code a.x -> b.y, b.z -> a.w}: the foreign keys of one cycle among the tables not placed. */
    private static String describeCycle(List<String> tables, Set<String> placed, Map<String, List<Catalog.ForeignKey>> edges) {
        for (String start : tables) {
            if (placed.contains(start)) {
                continue;
            }
            Optional<List<Catalog.ForeignKey>> path = walk(start, start, new ArrayList<>(), new LinkedHashSet<>(), placed, edges);
            if (path.isPresent()) {
                List<String> parts = new ArrayList<>();
                for (Catalog.ForeignKey fk : path.get()) {
                    parts.add(fk.table() + "(" + String.join(", ", fk.columns()) + ") -> " + fk.refTable() + "("
                            + String.join(", ", fk.refColumns()) + ")");
                }
                return String.join(", ", parts);
            }
        }
        return "among " + tables.stream().filter(t -> !placed.contains(t)).toList();
    }

    private static Optional<List<Catalog.ForeignKey>> walk(String start, String at, List<Catalog.ForeignKey> path, Set<String> seen,
                                                           Set<String> placed, Map<String, List<Catalog.ForeignKey>> edges) {
        for (Catalog.ForeignKey fk : edges.get(at)) {
            if (placed.contains(fk.refTable())) {
                continue;
            }
            path.add(fk);
            if (fk.refTable().equals(start)) {
                return Optional.of(List.copyOf(path));
            }
            if (seen.add(fk.refTable())) {
                Optional<List<Catalog.ForeignKey>> found = walk(start, fk.refTable(), path, seen, placed, edges);
                if (found.isPresent()) {
                    return found;
                }
            }
            path.remove(path.size() - 1);
        }
        return Optional.empty();
    }
}
