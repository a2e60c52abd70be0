package org.deskfleet.kernel.account;

/** What an account may do (the rule per GraphQL field is in the API's access table). */
public enum Role {
    /** Everything, accounts and system settings included. */
    ADMINISTRATOR,
    /** Clients, users, templates, groups, files and jobs. */
    OPERATOR,
    /** Reads everything, history included; changes nothing. */
    AUDITOR
}
