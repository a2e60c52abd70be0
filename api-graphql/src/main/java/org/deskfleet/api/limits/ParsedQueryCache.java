package org.deskfleet.api.limits;

import graphql.ExecutionInput;
import graphql.execution.preparsed.PreparsedDocumentEntry;
import graphql.execution.preparsed.PreparsedDocumentProvider;
import graphql.language.OperationDefinition;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * Keeps the parsed and validated documents of the last queries asked, by their text: a client polling the same
 * query (a history page, a fleet count, a job's progress) has it parsed and validated against the schema once,
 * not at every request (about a tenth of a small query's CPU). Only documents that are valid and hold queries
 * alone are kept: a mutation's text may carry a password ({@code signIn}) and stays nowhere. The limits (depth,
 * cost, list sizes) are checked per request as before: they depend on the variables.
 */
public final class ParsedQueryCache implements PreparsedDocumentProvider {

    private final Map<String, PreparsedDocumentEntry> entries;

    public ParsedQueryCache(int size) {
        if (size < 1) {
            throw new IllegalArgumentException("the parsed query cache needs room for one query at least, not " + size);
        }
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, PreparsedDocumentEntry> eldest) {
                return size() > size;
            }
        };
    }

    @Override
    public CompletableFuture<PreparsedDocumentEntry> getDocumentAsync(ExecutionInput input,
                                                                      Function<ExecutionInput, PreparsedDocumentEntry> parseAndValidate) {
        String text = input.getQuery();
        PreparsedDocumentEntry known;
        synchronized (entries) {
            known = entries.get(text);
        }
        if (known != null) {
            return CompletableFuture.completedFuture(known);
        }
        PreparsedDocumentEntry entry = parseAndValidate.apply(input);
        if (!entry.hasErrors() && queriesOnly(entry)) {
            synchronized (entries) {
                entries.put(text, entry);
            }
        }
        return CompletableFuture.completedFuture(entry);
    }

    int size() {
        synchronized (entries) {
            return entries.size();
        }
    }

    private static boolean queriesOnly(PreparsedDocumentEntry entry) {
        var operations = entry.getDocument().getDefinitionsOfType(OperationDefinition.class);
        return !operations.isEmpty() && operations.stream().allMatch(o -> o.getOperation() == OperationDefinition.Operation.QUERY);
    }
}
