package org.deskfleet.command.upcasting;

import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;
import org.axonframework.serialization.upcasting.event.SingleEventUpcaster;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Events are versioned ({@code @Revision} on every event record). Those written before there were revisions carry
 * none; their shape is revision 1's, so they are labelled "1" here and every later upcaster (1 to 2, ...) meets
 * one chain from the first event ever written. First in the chain.
 */
@Component
@Order(0)
public class UnversionedEventUpcaster extends SingleEventUpcaster {

    static final String FIRST_REVISION = "1";
    private static final String OUR_EVENTS = "org.deskfleet.kernel.";

    @Override
    protected boolean canUpcast(IntermediateEventRepresentation representation) {
        return representation.getType().getRevision() == null && representation.getType().getName().startsWith(OUR_EVENTS);
    }

    @Override
    protected IntermediateEventRepresentation doUpcast(IntermediateEventRepresentation representation) {
        return representation.upcast(new SimpleSerializedType(representation.getType().getName(), FIRST_REVISION),
                String.class, data -> data, metaData -> metaData);
    }
}
