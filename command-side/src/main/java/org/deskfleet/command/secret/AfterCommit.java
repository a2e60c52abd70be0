package org.deskfleet.command.secret;

import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;

/**
 * Shredding a key cannot be undone, so it happens only once the event that says why is committed: if the
 * commit fails, the secrets it would have made unreadable are still live and must stay readable.
 */
public final class AfterCommit {

    private AfterCommit() {
    }

    public static void run(Runnable action) {
        if (CurrentUnitOfWork.isStarted()) {
            CurrentUnitOfWork.get().afterCommit(u -> action.run());
        } else {
            action.run();
        }
    }
}
