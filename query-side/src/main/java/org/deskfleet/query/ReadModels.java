package org.deskfleet.query;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Which collection a read-model name means right now, for whom: a rebuild writes into shadow collections
 * ({@code <name>_rebuild}) while every reader goes on reading the old, complete ones; once the rebuild has
 * caught up, the shadows are renamed over the old ones ({@link org.deskfleet.query.maintenance.ProjectionAdmin}).
 * Only the rebuilding projection's own event handling (marked by {@link #handling}) sees the shadows.
 *
 * <p>Static on purpose: document classes name their collection through it
 * ({@code @Document("#{T(org.deskfleet.query.ReadModels).name('clients')}")}), and Spring Data evaluates that
 * expression at every access, outside any bean. One server per JVM.
 */
public final class ReadModels {

    public static final String SHADOW = "_rebuild";

    /** The collections of each projection that can be rebuilt. */
    private static final Map<String, List<String>> COLLECTIONS = Map.of(
            "client-projection", List.of("clients"),
            "history-projection", List.of("client_history_heads", "client_history_events"),
            "template-projection", List.of("templates"),
            "system-settings-projection", List.of("system_settings"),
            "job-projection", List.of("jobs", "job_targets", "job_target_lists"),
            "mobile-user-projection", List.of("mobile_users", "mobile_user_history"));
    private static final Map<String, String> OWNER = new ConcurrentHashMap<>();

    static {
        COLLECTIONS.forEach((projection, names) -> names.forEach(n -> OWNER.put(n, projection)));
    }

    private static final Set<String> REBUILDING = ConcurrentHashMap.newKeySet();
    private static final ThreadLocal<String> HANDLING = new ThreadLocal<>();

    private ReadModels() {
    }

    /** The collection to use for {@code name} on this thread. */
    public static String name(String name) {
        String owner = OWNER.get(name);
        return owner != null && owner.equals(HANDLING.get()) && REBUILDING.contains(owner) ? name + SHADOW : name;
    }

    /** The projections whose read models are rebuilt blue/green. */
    public static Set<String> projections() {
        return COLLECTIONS.keySet();
    }

    public static List<String> collections(String projection) {
        return COLLECTIONS.getOrDefault(projection, List.of());
    }

    /** Marks this thread as handling {@code projection}'s events while {@code work} runs. */
    public static <T> T handling(String projection, Supplier<T> work) {
        String before = enter(projection);
        try {
            return work.get();
        } finally {
            leave(before);
        }
    }

    /** Marks this thread as handling {@code projection}'s events; returns what to give {@link #leave}. */
    public static String enter(String projection) {
        String before = HANDLING.get();
        HANDLING.set(projection);
        return before;
    }

    public static void leave(String before) {
        if (before == null) {
            HANDLING.remove();
        } else {
            HANDLING.set(before);
        }
    }

    public static void rebuilding(String projection, boolean on) {
        if (on) {
            REBUILDING.add(projection);
        } else {
            REBUILDING.remove(projection);
        }
    }

    public static boolean rebuilding(String projection) {
        return REBUILDING.contains(projection);
    }
}
