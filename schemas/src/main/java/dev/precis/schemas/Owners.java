package dev.precis.schemas;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * An action item's {@code owner} names one person, the team ("team"), or several people separated by
 * {@value #SEPARATOR} ("Dana, Tom" for "Dana and Tom will review the contract"). Everything that reads
 * owners one by one (search filters and facets, evaluation) splits them here.
 */
public final class Owners {
    public static final String SEPARATOR = ", ";

    private Owners() {}

    /** The people an owner field names, in order; empty for null or blank. */
    public static List<String> of(String owner) {
        List<String> out = new ArrayList<>();
        if (owner == null) {
            return out;
        }
        for (String part : owner.split(",")) {
            String p = part.strip();
            if (!p.isEmpty() && !out.contains(p)) {
                out.add(p);
            }
        }
        return out;
    }

    /** One owner field for these people (duplicates dropped, order kept); null when there are none. */
    public static String join(Collection<String> names) {
        Set<String> distinct = new LinkedHashSet<>();
        for (String n : names) {
            if (n != null && !n.isBlank()) {
                distinct.add(n.strip());
            }
        }
        return distinct.isEmpty() ? null : String.join(SEPARATOR, distinct);
    }
}
