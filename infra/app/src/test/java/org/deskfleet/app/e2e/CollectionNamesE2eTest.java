package org.deskfleet.app.e2e;

import org.deskfleet.query.client.ClientDocument;
import org.deskfleet.query.template.TemplateDocument;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;

import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Read-model documents name their collections by an expression Spring Data evaluates at every access. In the
 * packaged server, threads of the JDK's common pool (asynchronous API code and its continuations) carry a
 * context class loader that cannot see the application's classes; the expression must not need it.
 */
class CollectionNamesE2eTest extends EndToEndSupport {

    @Autowired
    MongoTemplate mongo;

    @Test
    void documentsFindTheirCollectionsOnAThreadWhoseClassLoaderCannotSeeTheApplication() throws Exception {
        AtomicReference<Object> outcome = new AtomicReference<>();
        Thread thread = new Thread(() -> {
            try {
                outcome.set(mongo.count(new Query(), TemplateDocument.class) + mongo.count(new Query(), ClientDocument.class));
            } catch (RuntimeException e) {
                outcome.set(e);
            }
        });
        thread.setContextClassLoader(ClassLoader.getPlatformClassLoader());
        thread.start();
        thread.join(30_000);
        assertThat(outcome.get()).isInstanceOf(Long.class);
    }
}
