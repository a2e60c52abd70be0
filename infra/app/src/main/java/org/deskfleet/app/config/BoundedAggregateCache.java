package org.deskfleet.app.config;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import org.axonframework.common.Registration;
import org.axonframework.common.caching.Cache;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * Axon's aggregate cache over Caffeine: a bounded number of aggregates kept strongly, the least recently used
 * dropped first. Axon's own {@code WeakReferenceCache} loses an aggregate at the next garbage collection, so a
 * busy job was replayed at nearly every command; this keeps it between commands. Several nodes stay correct: a
 * node whose copy is stale loses the append (sequence number taken), its unit of work drops the copy, and the
 * command is sent again on the fresh state.
 */
final class BoundedAggregateCache implements Cache {

    private final com.github.benmanes.caffeine.cache.Cache<Object, Object> entries;
    private final List<EntryListener> listeners = new CopyOnWriteArrayList<>();

    BoundedAggregateCache(long maximumSize, Duration idle) {
        this.entries = Caffeine.newBuilder().maximumSize(maximumSize).expireAfterAccess(idle)
                .removalListener((Object key, Object value, RemovalCause cause) -> {
                    for (EntryListener l : listeners) {
                        if (cause == RemovalCause.EXPIRED || cause == RemovalCause.SIZE || cause == RemovalCause.COLLECTED) {
                            l.onEntryExpired(key);
                        } else if (cause == RemovalCause.EXPLICIT) {
                            l.onEntryRemoved(key);
                        }
                    }
                })
                .executor(Runnable::run)
                .build();
    }

    @Override
    @SuppressWarnings("unchecked")
    public <K, V> V get(K key) {
        return (V) entries.getIfPresent(key);
    }

    @Override
    public void put(Object key, Object value) {
        Object before = entries.asMap().put(key, value);
        listeners.forEach(l -> {
            if (before == null) {
                l.onEntryCreated(key, value);
            } else {
                l.onEntryUpdated(key, value);
            }
        });
    }

    @Override
    public boolean putIfAbsent(Object key, Object value) {
        boolean added = entries.asMap().putIfAbsent(key, value) == null;
        if (added) {
            listeners.forEach(l -> l.onEntryCreated(key, value));
        }
        return added;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T computeIfAbsent(Object key, Supplier<T> valueSupplier) {
        return (T) entries.get(key, k -> valueSupplier.get());
    }

    @Override
    public boolean remove(Object key) {
        return entries.asMap().remove(key) != null;
    }

    @Override
    public void removeAll() {
        entries.invalidateAll();
    }

    @Override
    public boolean containsKey(Object key) {
        return entries.getIfPresent(key) != null;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <V> void computeIfPresent(Object key, UnaryOperator<V> update) {
        entries.asMap().computeIfPresent(key, (k, v) -> update.apply((V) v));
    }

    @Override
    public Registration registerCacheEntryListener(EntryListener listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }
}
