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
 * <p>Static on purpose: document classes name their collection through it (by the bean {@link ReadModelNames})
 * ({@code @Document("#{@readModels.name('clients')}")}), and Spring Data evaluates that
 * expression at every access, outside any bean. What is being rebuilt is kept per {@link Server} all the same:
 * a JVM may run more than one (tests do), and one server's rebuild must not send another one's writes into
 * shadows nobody renames.
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
            "mobile-user-projection", List.of("mobile_users", "mobile_user_history"),
            "firmware-report-projection", List.of("firmware_report", "firmware_report_clients"));
    private static final Map<String, String> OWNER = new ConcurrentHashMap<>();

    static {
        COLLECTIONS.forEach((projection, names) -> names.forEach(n -> OWNER.put(n, projection)));
    }

    /** One server's read side: the key under which its rebuilds are known. */
    public static final class Server {
    }

    /** A projection's events handled (or rebuilt) by one server. */
    private record Handling(Server server, String projection) {
    }

    private static final Set<Handling> REBUILDING = ConcurrentHashMap.newKeySet();
    private static final ThreadLocal<Handling> HANDLING = new ThreadLocal<>();

    private ReadModels() {
    }

    /** The collection to use for {@code name} on this thread. */
    public static String name(String name) {
        Handling handling = HANDLING.get();
        return handling != null && handling.projection().equals(OWNER.get(name)) && REBUILDING.contains(handling)
                ? name + SHADOW : name;
    }

    /** The projections whose read models are rebuilt blue/green. */
    public static Set<String> projections() {
        return COLLECTIONS.keySet();
    }

    public static List<String> collections(String projection) {
        return COLLECTIONS.getOrDefault(projection, List.of());
    }

    /** Marks this thread as handling {@code projection}'s events for {@code server} while {@code work} runs. */
    public static <T> T handling(Server server, String projection, Supplier<T> work) {
        Object before = enter(server, projection);
        try {
            return work.get();
        } finally {
            leave(before);
        }
    }

    /** Marks this thread as handling {@code projection}'s events for {@code server}; returns what to give {@link #leave}. */
    public static Object enter(Server server, String projection) {
        Handling before = HANDLING.get();
        HANDLING.set(new Handling(server, projection));
        return before;
    }

    public static void leave(Object before) {
        if (before instanceof Handling h) {
            HANDLING.set(h);
        } else {
            HANDLING.remove();
        }
    }

    public static void rebuilding(Server server, String projection, boolean on) {
        if (on) {
            REBUILDING.add(new Handling(server, projection));
        } else {
            REBUILDING.remove(new Handling(server, projection));
        }
    }

    public static boolean rebuilding(Server server, String projection) {
        return REBUILDING.contains(new Handling(server, projection));
    }
}
