package org.deskfleet.wpi.server.dcmp;

import org.deskfleet.kernel.client.AccessMode;
import org.deskfleet.kernel.client.RecordClientAccessMode;
import org.deskfleet.wpi.server.interaction.AccessModeObserver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Turns what interactions show about a phone's access mode into {@link RecordClientAccessMode}, only where it
 * differs from what the events already say, a batch per pass: after a restart thousands of phones start up
 * within seconds, and loading thousands of Client aggregates at once would take the cores from the phones.
 * A DCMP poll is not evidence (anyone can send one): a phone becomes DCMP when it accepted the polling
 * settings this server wrote to it, and DIRECT again at a start-up that gave it none. An operator can set
 * it as well (the API sends the same command).
 */
public final class AccessModeRecorder implements AccessModeObserver {

    private static final Logger log = LoggerFactory.getLogger(AccessModeRecorder.class);

    private record Seen(boolean polls, Instant at) {
    }

    private final Map<String, Seen> seen = new ConcurrentHashMap<>();
    private final Function<RecordClientAccessMode, CompletableFuture<?>> send;
    private final Predicate<String> recordedAsPolling;
    private final int batch;

    /**
     * @param recordedAsPolling whether the events already show the phone as polling (the pending-jobs index)
     */
    public AccessModeRecorder(Function<RecordClientAccessMode, CompletableFuture<?>> send,
                              Predicate<String> recordedAsPolling, int batch) {
        this.send = send;
        this.recordedAsPolling = recordedAsPolling;
        this.batch = Math.max(1, batch);
    }

    @Override
    public void observed(String deviceId, boolean polls, Instant at) {
        if (recordedAsPolling.test(deviceId) == polls) {
            seen.remove(deviceId); // the events say so already (the common case: no map entry, no command)
            return;
        }
        seen.put(deviceId, new Seen(polls, at));
    }

    /** One pass: at most a batch of commands; the rest waits for the next pass. */
    public void record() {
        int sent = 0;
        for (Iterator<Map.Entry<String, Seen>> it = seen.entrySet().iterator(); it.hasNext() && sent < batch; ) {
            Map.Entry<String, Seen> e = it.next();
            String deviceId = e.getKey();
            Seen s = e.getValue();
            it.remove();
            if (recordedAsPolling.test(deviceId) == s.polls()) {
                continue;
            }
            sent++;
            send.apply(new RecordClientAccessMode(deviceId, s.polls() ? AccessMode.DCMP : AccessMode.DIRECT, s.at()))
                    .exceptionally(x -> {
                        // Deleted meanwhile, or the store is down: the next such interaction shows it again.
                        log.debug("access mode of {} not recorded: {}", deviceId, x.toString());
                        return null;
                    });
        }
    }

    /** Phones whose evidence waits for a pass. */
    public int waiting() {
        return seen.size();
    }
}
