package org.deskfleet.api.limits;

import graphql.ExecutionResult;
import graphql.GraphqlErrorBuilder;
import graphql.analysis.QueryTraverser;
import graphql.analysis.QueryVisitorFieldEnvironment;
import graphql.analysis.QueryVisitorStub;
import graphql.execution.AbortExecutionException;
import graphql.execution.ExecutionContext;
import graphql.execution.instrumentation.InstrumentationContext;
import graphql.execution.instrumentation.InstrumentationState;
import graphql.execution.instrumentation.SimplePerformantInstrumentation;
import graphql.execution.instrumentation.parameters.InstrumentationExecuteOperationParameters;
import graphql.schema.GraphQLAppliedDirective;
import graphql.schema.GraphQLArgument;
import graphql.schema.GraphQLDirectiveContainer;
import graphql.schema.GraphQLInputObjectField;
import graphql.schema.GraphQLInputObjectType;
import graphql.schema.GraphQLInputType;
import graphql.schema.GraphQLList;
import graphql.schema.GraphQLType;
import graphql.schema.GraphQLTypeUtil;

import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Caps every list the caller sends, in one place: each list argument and each list field of an input object, at
 * any depth, holds at most {@code defaultMax} elements unless the schema says otherwise with
 * {@code @maxItems(value: N)} on that argument or input field. Checked over the whole operation before anything
 * runs, so an over-long list anywhere refuses the whole request and nothing is changed.
 */
public class ListSizeInstrumentation extends SimplePerformantInstrumentation {

    /** The schema directive that gives one argument or input field its own cap. */
    public static final String DIRECTIVE = "maxItems";

    private final int defaultMax;

    public ListSizeInstrumentation(int defaultMax) {
        if (defaultMax < 1) {
            throw new IllegalArgumentException("the list cap must be positive, not " + defaultMax);
        }
        this.defaultMax = defaultMax;
    }

    @Override
    public InstrumentationContext<ExecutionResult> beginExecuteOperation(InstrumentationExecuteOperationParameters parameters,
                                                                         InstrumentationState state) {
        ExecutionContext ctx = parameters.getExecutionContext();
        QueryTraverser.newQueryTraverser()
                .schema(ctx.getGraphQLSchema())
                .document(ctx.getDocument())
                .operationName(ctx.getOperationDefinition().getName())
                .coercedVariables(ctx.getCoercedVariables())
                .build()
                .visitPreOrder(new QueryVisitorStub() {
                    @Override
                    public void visitField(QueryVisitorFieldEnvironment env) {
                        if (env.isTypeNameIntrospectionField()) {
                            return;
                        }
                        String field = env.getFieldDefinition().getName();
                        for (Map.Entry<String, Object> a : env.getArguments().entrySet()) {
                            GraphQLArgument argument = env.getFieldDefinition().getArgument(a.getKey());
                            if (argument != null) {
                                check(field + "(" + a.getKey() + ")", argument, argument.getType(), a.getValue());
                            }
                        }
                    }
                });
        return super.beginExecuteOperation(parameters, state);
    }

    private void check(String path, GraphQLDirectiveContainer declared, GraphQLType type, Object value) {
        if (value == null) {
            return;
        }
        GraphQLType bare = GraphQLTypeUtil.unwrapNonNull(type);
        if (bare instanceof GraphQLList list && value instanceof Collection<?> elements) {
            int max = capOf(declared);
            if (elements.size() > max) {
                throw new AbortExecutionException(List.of(GraphqlErrorBuilder.newError()
                        .message("%s has %d elements; at most %d are allowed", path, elements.size(), max)
                        .extensions(Map.of("classification", "BAD_REQUEST", "argument", path,
                                "size", elements.size(), "max", max))
                        .build()));
            }
            int i = 0;
            for (Object element : elements) {
                check(path + "[" + i++ + "]", null, list.getWrappedType(), element);
            }
        } else if (bare instanceof GraphQLInputObjectType input && value instanceof Map<?, ?> fields) {
            for (Map.Entry<?, ?> f : fields.entrySet()) {
                GraphQLInputObjectField field = input.getField(String.valueOf(f.getKey()));
                if (field != null) {
                    check(path + "." + f.getKey(), field, (GraphQLInputType) field.getType(), f.getValue());
                }
            }
        }
    }

    private int capOf(GraphQLDirectiveContainer declared) {
        if (declared == null) {
            return defaultMax; // a list inside a list: the default
        }
        GraphQLAppliedDirective d = declared.getAppliedDirective(DIRECTIVE);
        if (d == null || d.getArgument("value") == null) {
            return defaultMax;
        }
        Object v = d.getArgument("value").getValue();
        return v instanceof Number n ? n.intValue() : defaultMax;
    }
}
