package org.deskfleet.query;

import org.springframework.stereotype.Component;

/**
 * {@link ReadModels#name} as a bean, for the document classes' collection expressions
 * ({@code @Document("#{@readModels.name('clients')}")}). A bean reference, not a type reference
 * ({@code T(...)}): SpEL loads a type through the calling thread's context class loader, and threads of the
 * JDK's common pool (where asynchronous API code and its continuations run) carry the system class loader,
 * which in the packaged server cannot see the application's classes.
 */
@Component(ReadModelNames.BEAN)
public class ReadModelNames {

    public static final String BEAN = "readModels";

    public String name(String name) {
        return ReadModels.name(name);
    }
}
