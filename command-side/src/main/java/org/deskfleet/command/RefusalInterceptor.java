package org.deskfleet.command;

import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.deskfleet.kernel.Refusal;
import org.deskfleet.kernel.RefusalDetails;

/**
 * Gives a command handler's {@link Refusal} to the sender as {@link RefusalDetails}: through Axon Server only a
 * {@link CommandExecutionException}'s details keep what kind of failure it was, and the API shows a refusal's
 * reason while it hides every other failure's message.
 */
public final class RefusalInterceptor implements MessageHandlerInterceptor<CommandMessage<?>> {

    @Override
    public Object handle(UnitOfWork<? extends CommandMessage<?>> unitOfWork, InterceptorChain chain) throws Exception {
        try {
            return chain.proceed();
        } catch (RuntimeException e) {
            if (e instanceof Refusal) {
                throw new CommandExecutionException(e.getMessage(), e, new RefusalDetails(e.getMessage()));
            }
            throw e;
        }
    }
}
