package org.deskfleet.api.security;

import graphql.language.FieldDefinition;
import graphql.language.ObjectTypeDefinition;
import graphql.language.ObjectTypeExtensionDefinition;
import graphql.schema.idl.SchemaParser;
import graphql.schema.idl.TypeDefinitionRegistry;
import org.deskfleet.kernel.account.Role;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/** Every root field of the whole schema (all .graphqls files) has exactly one access rule, and no rule is stale. */
class AccessRulesTest {

    private static Set<String> rootFields() throws IOException {
        TypeDefinitionRegistry registry = new TypeDefinitionRegistry();
        Resource[] files = new PathMatchingResourcePatternResolver().getResources("classpath*:graphql/**/*.graphqls");
        assertThat(files).hasSizeGreaterThanOrEqualTo(4);
        for (Resource f : files) {
            try (var reader = new InputStreamReader(f.getInputStream(), StandardCharsets.UTF_8)) {
                registry.merge(new SchemaParser().parse(reader));
            }
        }
        Set<String> fields = new TreeSet<>();
        for (String root : Set.of("Query", "Mutation", "Subscription")) {
            registry.getType(root, ObjectTypeDefinition.class).ifPresent(t -> t.getFieldDefinitions()
                    .forEach(d -> fields.add(root + "." + d.getName())));
            for (ObjectTypeExtensionDefinition ext : registry.objectTypeExtensions().getOrDefault(root, java.util.List.of())) {
                for (FieldDefinition d : ext.getFieldDefinitions()) {
                    fields.add(root + "." + d.getName());
                }
            }
        }
        return fields;
    }

    @Test
    void everyQueryMutationAndSubscriptionFieldHasARule() throws IOException {
        Set<String> fields = rootFields();
        assertThat(fields).contains("Mutation.resetClients", "Subscription.jobProgress", "Mutation.signIn");
        Set<String> missing = new TreeSet<>(fields);
        missing.removeAll(AccessRules.all().keySet());
        assertThat(missing).as("fields without an access rule (add one to AccessRules)").isEmpty();
        Set<String> stale = new TreeSet<>(AccessRules.all().keySet());
        stale.removeAll(fields);
        assertThat(stale).as("rules for fields the schema does not have").isEmpty();
    }

    @Test
    void onlySignInIsPublicAndAuditorsChangeNothingButThemselves() throws IOException {
        assertThat(AccessRules.all().entrySet().stream().filter(e -> e.getValue() instanceof AccessRules.Public).map(java.util.Map.Entry::getKey))
                .containsExactlyInAnyOrder("Mutation.signIn", "Mutation.refreshSession");
        SignedInAccount auditor = new SignedInAccount("account:a", "a", Set.of(Role.AUDITOR), "s", false);
        SignedInAccount operator = new SignedInAccount("account:o", "o", Set.of(Role.OPERATOR), "s", false);
        for (String f : rootFields()) {
            AccessRules.Rule rule = AccessRules.of(f.substring(0, f.indexOf('.')), f.substring(f.indexOf('.') + 1)).orElseThrow();
            if (f.startsWith("Mutation.") && rule instanceof AccessRules.Roles) {
                assertThat(AccessRules.refusal(rule, auditor)).as(f).isNotNull();
            }
            if (!(rule instanceof AccessRules.Public)) {
                assertThat(AccessRules.refusal(rule, null)).as(f).isEqualTo("sign in first");
            }
        }
        assertThat(AccessRules.refusal(AccessRules.of("Mutation", "createAccount").orElseThrow(), operator)).isEqualTo("needs the role ADMINISTRATOR");
        assertThat(AccessRules.refusal(AccessRules.of("Mutation", "resetClients").orElseThrow(), operator)).isNull();
        assertThat(AccessRules.refusal(AccessRules.of("Query", "accountHistory").orElseThrow(), auditor)).isNull();
        SignedInAccount fresh = new SignedInAccount("account:n", "n", Set.of(Role.ADMINISTRATOR), "s", true);
        assertThat(AccessRules.refusal(AccessRules.of("Query", "clients").orElseThrow(), fresh)).isEqualTo("change your password first (changePassword)");
        assertThat(AccessRules.refusal(AccessRules.of("Mutation", "changePassword").orElseThrow(), fresh)).isNull();
    }
}
