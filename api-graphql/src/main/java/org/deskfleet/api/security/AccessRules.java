package org.deskfleet.api.security;

import org.deskfleet.kernel.account.Role;

import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Who may use which field of the API: ONE rule per Query / Mutation / Subscription field, here and nowhere
 * else. {@link AuthorizationInstrumentation} applies it to every root field; a field without a rule is refused
 * (and {@code AccessRulesTest} fails the build for it). Administrators may do everything; operators work on
 * clients, templates, jobs and files; auditors read everything, history included, and change nothing.
 */
public final class AccessRules {

    /** What a field needs. */
    public sealed interface Rule permits Public, SignedIn, Roles {
    }

    /** No token needed: only the sign-in itself. */
    public record Public() implements Rule {
    }

    /** Any signed-in account, about itself; {@code duringPasswordChange}: allowed before the first password change. */
    public record SignedIn(boolean duringPasswordChange) implements Rule {
    }

    /** One of these roles. */
    public record Roles(Set<Role> roles) implements Rule {
    }

    private static final Rule PUBLIC = new Public();
    private static final Rule SELF = new SignedIn(false);
    private static final Rule SELF_ALWAYS = new SignedIn(true);
    private static final Rule ADMIN = new Roles(EnumSet.of(Role.ADMINISTRATOR));
    private static final Rule OPERATE = new Roles(EnumSet.of(Role.ADMINISTRATOR, Role.OPERATOR));
    private static final Rule READ = new Roles(EnumSet.allOf(Role.class));

    /**
     * The audit export ({@code GET /reports/audit}), an HTTPS download beside GraphQL: every change of the fleet
     * with who made it, for the accounts that audit (auditors) and administrators; operators do not export.
     */
    public static final Rule AUDIT_EXPORT = new Roles(EnumSet.of(Role.ADMINISTRATOR, Role.AUDITOR));

    private static final Map<String, Rule> RULES = new LinkedHashMap<>();

    static {
        // --- identity: the way in, and each account about itself ---
        rule("Mutation.signIn", PUBLIC);
        rule("Mutation.refreshSession", PUBLIC);
        rule("Query.me", SELF_ALWAYS);
        rule("Mutation.changePassword", SELF_ALWAYS);
        rule("Mutation.signOut", SELF_ALWAYS);
        rule("Query.mySessions", SELF);
        rule("Mutation.endSession", SELF);
        rule("Mutation.endAllSessions", SELF);
        rule("Mutation.startMfaEnrollment", SELF);
        rule("Mutation.confirmMfa", SELF);
        rule("Query.notifications", SELF);
        rule("Mutation.markNotificationsRead", SELF);
        rule("Mutation.clearNotifications", SELF);
        rule("Subscription.notifications", SELF);
        // --- accounts and system settings: administrators ---
        rule("Query.accounts", ADMIN);
        rule("Query.account", ADMIN);
        rule("Query.accountHistory", new Roles(EnumSet.of(Role.ADMINISTRATOR, Role.AUDITOR)));
        rule("Mutation.createAccount", ADMIN);
        rule("Mutation.updateAccount", ADMIN);
        rule("Mutation.resetPassword", ADMIN);
        rule("Mutation.unlockAccount", ADMIN);
        rule("Mutation.disableMfa", ADMIN);
        rule("Mutation.setAccountDisabled", ADMIN);
        rule("Mutation.deleteAccount", ADMIN);
        rule("Mutation.endAccountSessions", ADMIN);
        rule("Mutation.changeSystemSettings", ADMIN);
        rule("Mutation.rebuildProjection", ADMIN);
        rule("Mutation.retryDeadLetters", ADMIN);
        // --- reading: every role ---
        rule("Query.client", READ);
        rule("Query.clients", READ);
        rule("Query.projections", READ);
        rule("Query.rebuildProgress", READ);
        rule("Query.deadLetters", READ);
        rule("Query.mobileUser", READ);
        rule("Query.mobileUsers", READ);
        rule("Query.group", READ);
        rule("Query.groupRolloutPreview", READ);
        rule("Query.groups", READ);
        rule("Query.plugAndPlayClients", READ);
        rule("Query.removalPreview", READ);
        rule("Query.templateRolloutPreview", READ);
        rule("Query.templates", READ);
        rule("Query.template", READ);
        rule("Query.systemSettings", READ);
        rule("Query.catalog", READ);
        rule("Query.catalogStatistics", READ);
        rule("Query.jobs", READ);
        rule("Query.job", READ);
        rule("Query.scan", READ);
        rule("Subscription.jobProgress", READ);
        // --- reports ---
        rule("Query.firmwareReport", READ);
        rule("Query.driftReport", READ);
        rule("Query.fleetAt", READ);
        // --- operating the fleet: operators and administrators ---
        rule("Mutation.deleteClients", OPERATE);
        // quarantine of unknown phones: the setting is the administrators'; approving phones is operators' work
        rule("Query.unknownPhones", READ);
        rule("Mutation.setUnknownPhones", ADMIN);
        rule("Mutation.approveClients", OPERATE);
        rule("Mutation.changeClientConfiguration", OPERATE);
        rule("Mutation.revertClientConfiguration", OPERATE);
        rule("Mutation.createTemplate", OPERATE);
        rule("Mutation.updateTemplate", OPERATE);
        rule("Mutation.deleteTemplates", OPERATE);
        rule("Mutation.changeTemplateConfiguration", OPERATE);
        rule("Mutation.contactClient", OPERATE);
        rule("Mutation.scanNetwork", OPERATE);
        rule("Mutation.submitConfiguration", OPERATE);
        rule("Mutation.refreshClients", OPERATE);
        rule("Mutation.restartClients", OPERATE);
        rule("Mutation.resetClients", OPERATE);
        rule("Mutation.deployFiles", OPERATE);
        rule("Mutation.deploySoftware", OPERATE);
        rule("Mutation.deleteJobs", OPERATE);
        rule("Mutation.setClientAccessMode", OPERATE);
        // --- mobile users ---
        rule("Mutation.registerMobileUser", OPERATE);
        rule("Mutation.deleteMobileUsers", OPERATE);
        rule("Mutation.changeMobileUserConfiguration", OPERATE);
        rule("Mutation.revertMobileUserConfiguration", OPERATE);
        rule("Mutation.loginMobileUser", OPERATE);
        rule("Mutation.logoutMobileUser", OPERATE);
        // --- fleet configuration: groups, Plug&Play, rollouts ---
        rule("Mutation.applyTemplate", OPERATE);
        rule("Mutation.copyClient", OPERATE);
        rule("Mutation.createClient", OPERATE);
        rule("Mutation.createGroup", OPERATE);
        rule("Mutation.createTemplateFromClient", OPERATE);
        rule("Mutation.deleteGroups", OPERATE);
        rule("Mutation.rolloutGroup", OPERATE);
        rule("Mutation.rolloutTemplate", OPERATE);
        rule("Mutation.updateGroup", OPERATE);
    }

    private AccessRules() {
    }

    private static void rule(String field, Rule rule) {
        if (RULES.putIfAbsent(field, rule) != null) {
            throw new IllegalStateException("two rules for " + field);
        }
    }

    /** The rule of {@code Type.field}, if there is one. */
    public static Optional<Rule> of(String type, String field) {
        return Optional.ofNullable(RULES.get(type + "." + field));
    }

    public static Map<String, Rule> all() {
        return java.util.Collections.unmodifiableMap(RULES);
    }

    /** Null when allowed, otherwise why not. */
    public static String refusal(Rule rule, SignedInAccount who) {
        return switch (rule) {
            case Public p -> null;
            case SignedIn s -> who == null ? "sign in first"
                    : who.mustChangePassword() && !s.duringPasswordChange() ? "change your password first (changePassword)" : null;
            case Roles r -> who == null ? "sign in first"
                    : who.mustChangePassword() ? "change your password first (changePassword)"
                    : who.roles().stream().anyMatch(r.roles()::contains) ? null
                    : "needs the role " + String.join(" or ", r.roles().stream().map(Enum::name).sorted().toList());
        };
    }
}
